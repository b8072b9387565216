"""Compare two results of the same diagnostic: per feature (origin or area), each indicator before and after.

Two tables keyed by an identifier (the Filosofi cell ``idcar_200m``, the commune code, ``area_id``…)
are matched on that key. For each compared indicator ``f`` the output has ``f_before``, ``f_after``
and ``f_delta`` = after - before (NaN when either side is NaN or missing). ``status`` says whether
the key is in both results, only before (``before_only``: a cell no longer inhabited, a merged
commune) or only after (``after_only``). Keys appearing more than once in one result are an error:
the comparison would be ambiguous.
"""

import numpy as np
import pandas as pd

BOTH, BEFORE_ONLY, AFTER_ONLY = "both", "before_only", "after_only"


def comparison_columns(fields) -> list:
    """Indicator columns of :func:`compare_results`, in order."""
    return [f"{name}_{suffix}" for name in fields for suffix in ("before", "after", "delta")]


def _keyed(keys, values, side):
    frame = pd.DataFrame({name: np.asarray(column, dtype=float) for name, column in values.items()})
    frame.insert(0, "key", [None if k is None else str(k).strip() for k in keys])
    frame = frame[frame["key"].notna() & (frame["key"] != "")]
    duplicated = frame["key"][frame["key"].duplicated()].unique()
    if len(duplicated):
        raise ValueError(
            f"{len(duplicated)} key(s) appear more than once in the {side} result (e.g. {', '.join(duplicated[:3])})"
        )
    return frame.set_index("key")


def compare_results(keys_before, values_before, keys_after, values_after):
    """Match two results on their keys and compute the change of every indicator.

    ``values_before`` / ``values_after``: {indicator name: values} (numbers, NaN = no value), the same
    names on both sides. Returns a DataFrame: ``key``, ``status`` and :func:`comparison_columns`, rows in
    the order of the "after" keys, then the keys found only before.
    """
    fields = list(values_before)
    if set(fields) != set(values_after):
        raise ValueError("both results must have the same indicators")
    before = _keyed(keys_before, values_before, "before")
    after = _keyed(keys_after, values_after, "after")
    keys = list(after.index) + [key for key in before.index if key not in after.index]
    in_before, in_after = np.isin(keys, before.index), np.isin(keys, after.index)
    before, after = before.reindex(keys), after.reindex(keys)
    status = np.where(in_before & in_after, BOTH, np.where(in_after, AFTER_ONLY, BEFORE_ONLY))
    out = pd.DataFrame({"key": keys, "status": status})
    for name in fields:
        out[f"{name}_before"] = before[name].to_numpy()
        out[f"{name}_after"] = after[name].to_numpy()
        out[f"{name}_delta"] = out[f"{name}_after"] - out[f"{name}_before"]
    return out


def change_summary(comparison, fields, weights=None):
    """Per indicator: (mean before, mean after, mean change) over the rows present in both results.

    ``weights``: one per row of ``comparison`` (e.g. population), None = plain means.
    """
    mask = (comparison["status"] == BOTH).to_numpy()
    both = comparison[mask]
    w = np.ones(len(both)) if weights is None else np.asarray(weights, dtype=float)[mask]
    rows = {}
    for name in fields:
        b, a = both[f"{name}_before"].to_numpy(), both[f"{name}_after"].to_numpy()
        ok = np.isfinite(b) & np.isfinite(a) & (w > 0)
        total = w[ok].sum()
        rows[name] = (
            (np.dot(w[ok], b[ok]) / total, np.dot(w[ok], a[ok]) / total, np.dot(w[ok], a[ok] - b[ok]) / total)
            if total > 0
            else (np.nan, np.nan, np.nan)
        )
    return rows
