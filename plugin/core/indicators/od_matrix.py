"""Origin–destination matrices in bounded memory: origins are processed in chunks, pairs are streamed.

A 10,000 × 1,000 matrix is ten million pairs; written as it is computed, chunk by chunk, it never
has to be held in memory. ``compute_pairs`` does the routing for one chunk of origins (the QGIS
side passes a function over the road engine's bounded searches); this module sizes the chunks,
keeps the K nearest destinations per origin and orders the rows.
"""

from dataclasses import dataclass

import numpy as np

# Pairs held at once: 4 arrays of 8 bytes each → about 64 MB per 2 million pairs.
DEFAULT_PAIR_BUDGET = 2_000_000


@dataclass
class PairChunk:
    """Pairs of one chunk of origins, sorted by origin then time: indices into the full inputs."""

    origin_index: np.ndarray
    dest_index: np.ndarray
    time_s: np.ndarray
    dist_m: np.ndarray

    def __len__(self):
        return len(self.origin_index)


def origins_per_chunk(destination_count, k_nearest=None, pair_budget=DEFAULT_PAIR_BUDGET) -> int:
    """How many origins to route at once so that a chunk holds at most about ``pair_budget`` pairs."""
    per_origin = max(1, min(destination_count, k_nearest) if k_nearest else destination_count)
    return max(1, int(pair_budget // per_origin))


def keep_k_nearest(origin_index, time_s, k):
    """Boolean mask keeping, for each origin, its ``k`` pairs of shortest time (ties by position)."""
    origin_index = np.asarray(origin_index)
    time_s = np.asarray(time_s, dtype=float)
    if not k or len(origin_index) == 0:
        return np.ones(len(origin_index), dtype=bool)
    order = np.lexsort((time_s, origin_index))
    sorted_origins = origin_index[order]
    starts = np.r_[0, np.flatnonzero(sorted_origins[1:] != sorted_origins[:-1]) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    mask = np.zeros(len(order), dtype=bool)
    mask[order[rank < k]] = True
    return mask


def od_pair_chunks(origin_count, compute_pairs, max_time_s=None, k_nearest=None, chunk_size=None, is_canceled=None):
    """Yield PairChunk objects covering every origin, in order.

    ``compute_pairs(origin_indices)`` returns (local_origin, dest_index, time_s, dist_m) arrays for the
    given origins (local_origin indexes into ``origin_indices``). Pairs beyond ``max_time_s`` (when
    given) or with a NaN time are dropped, then only the ``k_nearest`` per origin are kept.
    """
    if chunk_size is None or chunk_size < 1:
        raise ValueError("chunk_size must be a positive number of origins")
    for start in range(0, origin_count, chunk_size):
        if is_canceled is not None and is_canceled():
            return
        indices = np.arange(start, min(start + chunk_size, origin_count))
        local, dest, time_s, dist_m = (np.asarray(a) for a in compute_pairs(indices))
        time_s = time_s.astype(float)
        keep = np.isfinite(time_s)
        if max_time_s is not None:
            keep &= time_s <= max_time_s
        local, dest, time_s, dist_m = local[keep], dest[keep], time_s[keep], np.asarray(dist_m, dtype=float)[keep]
        origin = indices[local.astype(np.int64)]
        if k_nearest:
            keep = keep_k_nearest(origin, time_s, k_nearest)
            origin, dest, time_s, dist_m = origin[keep], dest[keep], time_s[keep], dist_m[keep]
        order = np.lexsort((dest, time_s, origin))
        yield PairChunk(origin[order], dest[order].astype(np.int64), time_s[order], dist_m[order])
