"""Turning attribute values (numbers, numeric text, NULL, junk) into checked float arrays.

Layers from the wild carry numbers as text ("12", "12,5", ""), NULLs and negatives. The
algorithms report each case with a clear message; this module only classifies the values.
"""

import math
from dataclasses import dataclass, field

import numpy as np


@dataclass
class NumericColumn:
    """Values as floats (NaN where NULL or empty) and what was found on the way."""

    values: np.ndarray
    null_count: int = 0
    text_examples: list = field(default_factory=list)  # up to 3 values that are not numbers
    text_count: int = 0
    negative_count: int = 0

    @property
    def valid_count(self) -> int:
        return int(np.isfinite(self.values).sum())


def _as_float(value):
    """float, None for NULL/empty, or raise ValueError for text that is not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return None if math.isnan(number) else number
    text = str(value).strip()
    # QVariant NULL arrives as a QVariant whose str() is "NULL"; engines cannot import it, so test the text.
    if text == "" or text.upper() == "NULL":
        return None
    number = float(text.replace("\u202f", "").replace(" ", "").replace(",", "."))
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def numeric_column(values) -> NumericColumn:
    """Classify ``values`` (any iterable of attribute values) into a NumericColumn.

    Numeric text is accepted, with a decimal comma ("12,5") as written in French files.
    """
    out, nulls, texts, text_count = [], 0, [], 0
    for value in values:
        try:
            number = _as_float(value)
        except (TypeError, ValueError):
            text_count += 1
            if len(texts) < 3:
                texts.append(str(value))
            out.append(np.nan)
            continue
        if number is None:
            nulls += 1
            out.append(np.nan)
        else:
            out.append(number)
    array = np.asarray(out, dtype=float)
    negatives = int((array < 0).sum())
    return NumericColumn(array, nulls, texts, text_count, negatives)


# Each threshold adds output columns; a GeoPackage (SQLite) table holds at most 2000.
MAX_THRESHOLDS = 100


def parse_thresholds(text) -> list:
    """Minutes from "10,20,30" (or "10;20;30", "10 20 30"), checked positive and strictly increasing.

    Raises ValueError with an English message naming the problem.
    """
    if isinstance(text, (list, tuple)):
        items = [str(item) for item in text]
    else:
        items = str(text or "").replace(";", ",").replace(" ", ",").split(",")
    items = [item.strip() for item in items if item.strip()]
    if not items:
        raise ValueError("no threshold given")
    try:
        values = [float(item) for item in items]
    except ValueError as error:
        raise ValueError(f"not a number: {error}") from None
    if any(not math.isfinite(v) or v <= 0 for v in values):
        raise ValueError("thresholds must be positive numbers of minutes")
    if any(b <= a for a, b in zip(values, values[1:])):
        raise ValueError("thresholds must be strictly increasing")
    if len(values) > MAX_THRESHOLDS:
        raise ValueError(f"{len(values)} thresholds, at most {MAX_THRESHOLDS} (each adds columns to the output)")
    return values


def threshold_suffix(minutes: float) -> str:
    """Field-name suffix of a threshold: 10 -> "10", 7.5 -> "7_5"."""
    if float(minutes).is_integer():
        return str(int(minutes))
    return f"{minutes:g}".replace(".", "_")
