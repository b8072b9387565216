"""Key figures printed beside a map: population within each travel-time threshold.

Reads the table written by ``vigie:coverage`` (``pop_total``, ``pop_le_<T>``,
``share_le_<T>`` per area, ``is_total`` = 1 on its whole-territory row). Shares are
recomputed from the counts so a sum over several areas stays right whatever unit the
share fields use.
"""

import re
from dataclasses import dataclass

from .labels import format_count, format_share, printed

_THRESHOLD_FIELD = re.compile(r"^pop_le_(\d+(?:[._]\d+)?)$", re.IGNORECASE)
TOTAL_FIELD = "pop_total"


@dataclass(frozen=True)
class CoverageFields:
    total: str
    # (threshold in minutes, field name), by increasing threshold
    thresholds: tuple


def coverage_fields(field_names):
    """CoverageFields when the names follow the coverage table contract, else None."""
    by_lower = {name.lower(): name for name in field_names}
    total = by_lower.get(TOTAL_FIELD)
    thresholds = []
    for name in field_names:
        match = _THRESHOLD_FIELD.match(name)
        if match:
            thresholds.append((float(match.group(1).replace("_", ".")), name))
    if total is None or not thresholds:
        return None
    return CoverageFields(total, tuple(sorted(thresholds)))


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is missing


def _minutes(threshold):
    return f"{threshold:g}"


def summary_rows(rows):
    """The rows to sum for a whole-territory summary: the TOTAL row of vigie:coverage when it has one."""
    totals = [row for row in rows if _number(row.get("is_total")) == 1]
    return totals[:1] if totals else rows


def coverage_key_figures(rows, fields: CoverageFields, language: str):
    """Table rows [travel time, population, share] summed over ``rows`` (dicts of field -> value).

    The header row comes first, the total last. Areas with no total are skipped.
    """
    total = 0.0
    within = [0.0] * len(fields.thresholds)
    for row in rows:
        row_total = _number(row.get(fields.total))
        if row_total is None:
            continue
        total += row_total
        for index, (_, name) in enumerate(fields.thresholds):
            within[index] += _number(row.get(name)) or 0.0
    table = [[printed("travel_time", language), printed("population", language), printed("share", language)]]
    for (threshold, _), count in zip(fields.thresholds, within):
        share = count / total if total > 0 else None
        table.append(
            [
                printed("within", language).format(_minutes(threshold)),
                format_count(count, language),
                format_share(share, language),
            ]
        )
    table.append(
        [printed("total", language), format_count(total, language), format_share(1.0 if total else None, language)]
    )
    return table


def plain_table(field_names, rows, language: str, max_rows=12, max_columns=4):
    """A generic table (header + rows of text) of the first fields and rows of any table layer."""
    names = list(field_names)[:max_columns]
    table = [names]
    for row in rows[:max_rows]:
        cells = []
        for name in names:
            value = row.get(name)
            number = _number(value) if not isinstance(value, str) else None
            if number is not None and float(number).is_integer():
                cells.append(format_count(number, language))
            elif number is not None:
                cells.append(f"{number:.2f}".replace(".", "," if language == "fr" else "."))
            else:
                cells.append("" if value is None else str(value))
        table.append(cells)
    return table
