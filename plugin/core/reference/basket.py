"""Baskets of services, official access presets and DREES age weights, read from ``data/`` (no qgis).

- :func:`insee_basket` — INSEE's *panier de la vie courante* (Insee Première n° 1579): 22 services,
  each one or more BPE ``TYPEQU`` codes of the edition asked (the 2014–2021 codes or those of the
  nomenclature INSEE revised in 2023), and the 7-minute "far" threshold;
- :func:`bpe_range_basket` — one BPE range (proximité, intermédiaire, supérieure) of an edition,
  each ``TYPEQU`` its own category (tables of :mod:`.bpe_ranges`, from the territory kit);
- :func:`access_presets` / :func:`access_preset` — the access thresholds French public action is
  judged by (France services 30 min, emergency care 30 min, maternity 45 min, GP 20 min, BPE ranges);
- :func:`drees_age_band_weights` / :func:`age_class_weights` — DREES's APL demand weights per age
  band, and their mapping onto the age classes of the Filosofi grid.

Sources and what was checked: data/SOURCES.md.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
INSEE_BASKET = "insee_vie_courante"
BPE_RANGES = ("proximite", "intermediaire", "superieure")
# INSEE renumbered the equipment types with the 2023 edition: from it on, the basket reads typequ_2023.
FIRST_REVISED_BPE_EDITION = 2023


@dataclass(frozen=True)
class BasketCategory:
    id: str
    label_fr: str
    label_en: str
    typequ: tuple


@dataclass(frozen=True)
class Basket:
    """A basket: categories (each a set of TYPEQU codes), the "far" threshold and the source."""

    id: str
    label_fr: str
    label_en: str
    source: str
    categories: tuple
    far_min: float = 7.0
    definition_fr: str = ""
    definition_en: str = ""
    # Categories left out because no code of the edition could be sourced (reported, never a silent 0).
    unmapped: tuple = ()

    @property
    def category_ids(self) -> list:
        return [c.id for c in self.categories]

    def category_of_code(self) -> dict:
        """TYPEQU code -> list of category ids containing it."""
        table = {}
        for category in self.categories:
            for code in category.typequ:
                table.setdefault(code.upper(), []).append(category.id)
        return table


@cache
def _json(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def basket_code_key(edition=None):
    """The code list of the basket file that serves a BPE edition: ``typequ_2023`` from the 2023 edition,
    ``typequ`` before it, None (both lists) when the edition is not known."""
    if edition is None or not str(edition).strip():
        return None
    try:
        year = int(str(edition).strip())
    except ValueError:
        raise ValueError(f"'{edition}' is not a BPE edition (a year such as 2024)") from None
    return "typequ_2023" if year >= FIRST_REVISED_BPE_EDITION else "typequ"


def insee_basket(edition=None) -> Basket:
    """INSEE's basket of everyday services (panier de la vie courante), with the codes of ``edition``.

    Without an edition each category holds the codes of both nomenclatures (a services layer of unknown
    edition still finds its points); with one, only that edition's codes, since INSEE's 2023 renumbering
    gave some old codes to other types. A category with no sourced code for the edition is left out of
    the basket and named in ``unmapped`` (its mean is then over fewer services: say so to the user).
    """
    data = _json("insee_panier_vie_courante.json")
    key = basket_code_key(edition)
    categories, unmapped = [], []
    for c in data["categories"]:
        codes = c["typequ"] + c["typequ_2023"] if key is None else c[key]
        codes = tuple(dict.fromkeys(code.upper() for code in codes))
        if codes:
            categories.append(BasketCategory(c["id"], c["label_fr"], c["label_en"], codes))
        else:
            unmapped.append(c["id"])
    source = data["source"] + (f"; codes of the BPE {str(edition).strip()} edition" if key else "")
    return Basket(
        data["id"],
        data["label_fr"],
        data["label_en"],
        source,
        tuple(categories),
        float(data["far_min"]),
        data.get("definition_fr", ""),
        data.get("definition_en", ""),
        tuple(unmapped),
    )


def bpe_ranges_available() -> bool:
    """True when the BPE range tables (territory kit) are installed."""
    try:
        from . import bpe_ranges  # noqa: F401
    except ImportError:
        return False
    return True


def bpe_range_basket(range_name, edition=None, far_min=7.0, table=None) -> Basket:
    """The BPE range ``range_name`` of ``edition`` (latest when None): one category per group of types.

    ``table``: INSEE's table of ranges (its workbook or a CSV) overriding Vigie's; its groups (a school
    and the RPI classes, the kinds of post office) are one category each, timed to the nearest of the
    group, as INSEE counts them. LookupError when no code of the range is confirmed for the edition
    (then ask the user for INSEE's table).
    """
    from .bpe_ranges import bpe_range_groups, latest_bpe_edition, type_labels

    edition = str(edition or latest_bpe_edition())
    known = {str(code).upper(): label for code, label in type_labels(edition).items()} if edition_known(edition) else {}
    categories = []
    for group, (label, codes) in bpe_range_groups(edition, range_name, table).items():
        label = known.get(group, label) if len(codes) == 1 else label
        categories.append(BasketCategory(group, label, label, tuple(codes)))
    return Basket(
        f"bpe_{range_name}_{edition}",
        f"BPE {edition}, gamme {range_name}",
        f"BPE {edition}, {range_name} range",
        f"Insee, Base permanente des équipements {edition}, gammes d'équipements"
        + (f" (table {Path(table).name})" if table else ""),
        tuple(categories),
        float(far_min),
    )


def edition_known(edition):
    """True when Vigie ships a type table of that BPE edition."""
    from .bpe_ranges import bpe_editions

    return str(edition).strip() in bpe_editions()


def basket_from_codes(codes, label="", far_min=7.0) -> Basket:
    """An explicit basket: each code (or category value) its own category."""
    seen = []
    for code in codes:
        code = str(code).strip()
        if code and code not in seen:
            seen.append(code)
    categories = tuple(BasketCategory(code, code, code, (code,)) for code in seen)
    return Basket("custom", label or "custom", label or "custom", "user list", categories, float(far_min))


@dataclass(frozen=True)
class AccessPreset:
    id: str
    label_fr: str
    label_en: str
    thresholds_min: tuple
    services_fr: str
    services_en: str
    source: str
    codes: dict = field(default_factory=dict)


def access_presets() -> list:
    """Official access indicators, in file order."""
    return [
        AccessPreset(
            p["id"],
            p["label_fr"],
            p["label_en"],
            tuple(float(t) for t in p["thresholds_min"]),
            p["services_fr"],
            p["services_en"],
            p["source"],
            dict(p.get("codes", {})),
        )
        for p in _json("access_presets.json")["presets"]
    ]


def access_preset(preset_id) -> AccessPreset:
    for preset in access_presets():
        if preset.id == preset_id:
            return preset
    raise KeyError(f"unknown access preset {preset_id!r}")


def drees_editions() -> list:
    return sorted(_json("drees_apl_age_weights.json")["editions"])


def drees_age_band_weights(edition="2022") -> list:
    """[(first age, last age or None for the open band, weight)] of DREES's APL edition."""
    data = _json("drees_apl_age_weights.json")
    if str(edition) not in data["editions"]:
        raise KeyError(f"no DREES age weights for edition {edition!r}; known: {', '.join(drees_editions())}")
    return [(int(a), None if b is None else int(b), float(w)) for a, b, w in data["editions"][str(edition)]]


def drees_source() -> str:
    return _json("drees_apl_age_weights.json")["source"]


_AGE_CLASS = re.compile(r"^ind_(\d+)(?:_(\d+)|p)$", re.IGNORECASE)


def parse_age_class(field_name):
    """(first age, last age or None) of a Filosofi age-class field (``ind_25_39``, ``ind_80p``), else None."""
    match = _AGE_CLASS.match(field_name)
    if not match:
        return None
    first = int(match.group(1))
    return (first, int(match.group(2)) if match.group(2) else None)


def age_class_weights(class_fields, edition="2022") -> dict:
    """Weight of each age-class field: the mean of DREES's band weights over the class's years of age.

    Each year of age inside the class counts once (people spread evenly over the class's ages);
    an open class (``ind_80p``) and DREES's open band (90+) stop at ``open_class_last_age`` (94).
    Filosofi 2019 classes give: 0–3 → 0.93; 4–5 → (0.93 + 0.59) / 2; 6–10 → (4 × 0.59 + 0.55) / 5; …
    Raises ValueError for a field that is not an age class.
    """
    last = int(_json("drees_apl_age_weights.json")["open_class_last_age"])
    bands = drees_age_band_weights(edition)
    weight_of_age = {}
    for first, end, weight in bands:
        for age in range(first, (last if end is None else end) + 1):
            weight_of_age[age] = weight
    weights = {}
    for name in class_fields:
        span = parse_age_class(name)
        if span is None:
            raise ValueError(f"{name} is not an age-class field (ind_<first>_<last> or ind_<first>p)")
        first, end = span
        ages = range(first, (last if end is None else end) + 1)
        values = [weight_of_age[a] for a in ages if a in weight_of_age]
        if not values:
            raise ValueError(f"{name}: no DREES weight covers these ages")
        weights[name] = sum(values) / len(values)
    return weights
