"""INSEE's confidentiality practice for the 200 m grid, applied to what Vigie publishes per cell.

The rule INSEE applies (Filosofi gridded data, "données carroyées à 200 m"; documentation of the
gridded data on insee.fr, and the CNIS recommendation behind it): no statistic is published for a
group of fewer than **11 households**. A 200 m cell with fewer than 11 households is not published
with its own values: INSEE groups it with neighbouring cells into a rectangle of at least 11
households and gives the cell values approximated from that rectangle; such cells are flagged
(``i_est_200`` = 1 in Filosofi 2017–2021, ``i_est_cr`` in 2015; ``imputed`` in Vigie's sample).

What Vigie publishes per cell follows it:
- every inhabited cell keeps its geometry and its travel time (they describe the roads and
  the services, not the households);
- the counts of a cell below the threshold (inhabitants, households, age classes…) are left
  empty in the published cell layers, so no figure is shown for fewer than 11 households;
- their inhabitants are still counted in the aggregates (coverage per commune and for the
  whole territory), which group far more than 11 households.
When a layer carries no flag, a cell with fewer than 11 inhabitants (hence fewer than 11
households) is treated the same.
"""

import re
from dataclasses import dataclass

MIN_HOUSEHOLDS = 11
FLAG_FIELDS = ("i_est_200", "i_est_cr", "i_est_1km", "imputed")
GRID_ID_FIELDS = ("idcar_200m", "idcar_1km", "id_carr1km", "idinspire")
POPULATION_FIELD = "ind"
# Counts describing the households of a cell (Filosofi variable names): withheld below the threshold.
_COUNT_FIELD = re.compile(r"^(ind|ind_.+|men|men_.+|log_.+|pop|population)$", re.IGNORECASE)
SOURCE = (
    "INSEE, données carroyées Filosofi à 200 m, documentation (secret statistique : "
    "aucune donnée pour moins de 11 ménages ; carreaux regroupés et valeurs approchées, "
    "indicateur i_est_200)"
)


@dataclass(frozen=True)
class GridRule:
    """How the rule applies to one layer: the flag field (or None) and the fields withheld."""

    flag_field: str
    withheld_fields: tuple


def grid_rule(field_names):
    """The GridRule of a layer of grid cells, or None for a layer the rule does not concern.

    A layer concerns the rule when it has a grid cell id or an INSEE imputation flag, and counts
    of people; aggregated tables (``pop_total``…) do not.
    """
    lower = {name.lower(): name for name in field_names}
    flag = next((lower[name] for name in FLAG_FIELDS if name in lower), None)
    is_grid = flag is not None or any(name in lower for name in GRID_ID_FIELDS)
    if not is_grid or "pop_total" in lower:
        return None
    withheld = tuple(name for name in field_names if _COUNT_FIELD.match(name))
    if not withheld:
        return None
    return GridRule(flag, withheld)


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def is_confidential(row: dict, rule: GridRule) -> bool:
    """True when this cell's counts must not be published."""
    if rule.flag_field is not None:
        flag = _number(row.get(rule.flag_field))
        if flag is not None:
            return flag >= 1
    population = _number(row.get(POPULATION_FIELD)) if POPULATION_FIELD in row else None
    if population is None:
        population = next((_number(value) for name, value in row.items() if name.lower() == POPULATION_FIELD), None)
    return population is not None and population < MIN_HOUSEHOLDS


@dataclass
class MaskSummary:
    cells: int = 0
    masked_cells: int = 0
    masked_population: float = 0.0
    published_population: float = 0.0


def mask_rows(names, rows, rule: GridRule):
    """Rows (lists in the order of ``names``) with the withheld fields emptied where the rule applies.

    Returns (new rows, MaskSummary). The input rows are not changed.
    """
    withheld = [names.index(name) for name in rule.withheld_fields]
    population_index = next((i for i, name in enumerate(names) if name.lower() == POPULATION_FIELD), None)
    summary = MaskSummary()
    out = []
    for row in rows:
        summary.cells += 1
        population = _number(row[population_index]) if population_index is not None else None
        if is_confidential(dict(zip(names, row)), rule):
            row = list(row)
            for index in withheld:
                row[index] = None
            summary.masked_cells += 1
            summary.masked_population += population or 0.0
        else:
            summary.published_population += population or 0.0
        out.append(row)
    return out, summary
