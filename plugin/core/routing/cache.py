"""On-disk cache of built road graphs, so a second run on the same network and profile skips the build."""

import hashlib
import io
import os
import tempfile
from pathlib import Path

import numpy as np

from .graph import RoadGraph

# Bump when the stored arrays or the way graphs are built change: old files are then ignored.
CACHE_FORMAT = "vigie-road-graph-2"
_ARRAYS = ("node_xy", "seg_from", "seg_to", "seg_speed_kmh", "seg_direction", "seg_length_scale")


def graph_cache_key(parts, speeds_kmh, directions, tolerance_m=0.0, *extra) -> str:
    """Hash of everything a graph depends on: geometry, speeds, directions, tolerance (+ extra items:
    arrays such as length scales are hashed by content, other items by their repr)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(CACHE_FORMAT.encode())
    digest.update(np.asarray([len(p) for p in parts], dtype=np.int64).tobytes())
    for part in parts:
        digest.update(np.ascontiguousarray(part, dtype=float)[:, :2].tobytes())
    digest.update(np.ascontiguousarray(speeds_kmh, dtype=float).tobytes())
    digest.update(np.ascontiguousarray(directions, dtype=np.int8).tobytes())
    digest.update(repr(float(tolerance_m)).encode())
    for item in extra:
        if isinstance(item, np.ndarray):
            digest.update(np.ascontiguousarray(item).tobytes())
        else:
            digest.update(repr(item).encode())
    return digest.hexdigest()


class GraphCache:
    """Graphs stored as ``<folder>/<key>.npz`` and kept in memory for the life of this object.

    ``get_or_build(key, builder)`` returns the cached graph or calls ``builder()`` and stores it.
    ``hit`` tells whether the last call found the graph in the cache.
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self._memory = {}
        self.hit = False
        self.last_key = None

    def path_for(self, key) -> Path:
        return self.folder / f"{key}.npz"

    def get(self, key):
        """The cached graph for ``key``, or None."""
        if key in self._memory:
            return self._memory[key]
        path = self.path_for(key)
        if not path.exists():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["format"]) != CACHE_FORMAT:
                    return None
                graph = RoadGraph(**{name: data[name] for name in _ARRAYS})
        except (OSError, ValueError, KeyError):
            return None  # a truncated or foreign file: rebuild and overwrite it
        self._memory[key] = graph
        return graph

    def put(self, key, graph):
        """Store ``graph`` under ``key`` (atomically: a reader never sees half a file)."""
        self._memory[key] = graph
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".npz.part")
        try:
            # Zipped in memory first: numpy leaves its zip open when the file write fails (disk full),
            # and Python then prints a traceback when it collects it.
            buffer = io.BytesIO()
            np.savez(buffer, format=np.array(CACHE_FORMAT), **graph.to_arrays())
            with os.fdopen(handle, "wb") as stream:
                stream.write(buffer.getbuffer())
            os.replace(temporary, self.path_for(key))
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)

    def get_or_build(self, *key_parts, builder):
        """Cached graph, else ``builder()`` stored in the cache.

        key_parts: either one key string (from graph_cache_key) or the arguments of graph_cache_key
        (parts, speeds_kmh, directions, tolerance_m, ...).
        """
        if len(key_parts) == 1 and isinstance(key_parts[0], str):
            key = key_parts[0]
        else:
            key = graph_cache_key(*key_parts)
        self.last_key = key
        graph = self.get(key)
        self.hit = graph is not None
        if graph is None:
            graph = builder()
            try:
                self.put(key, graph)
            except OSError:
                # A full disk or a read-only profile only costs the next run a rebuild.
                self._memory[key] = graph
        return graph
