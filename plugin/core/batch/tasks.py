"""What a Dask worker runs: prepare a kit (graph built once), a group of its categories, the kit's output.

Tasks exchange small dictionaries only; arrays go through files in the output folder (a shared
folder on a cluster), so that nothing large crosses the scheduler and a rerun finds what a previous
run wrote. Errors in the kit's data (KitError) are returned as failures, never retried; anything
else raises, and Dask retries the task (a lost worker's task is rescheduled by Dask itself).
"""

import os
import socket
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..indicators.basket import DEFAULT_THRESHOLDS, category_travel_times
from ..reference.basket import Basket
from ..routing import GraphCache
from . import output
from .kit import KitError, KitPlaces, build_kit_graph, kit_name, kit_stamp, read_places


@dataclass(frozen=True)
class Options:
    """Settings of a run that change the results (part of every stored result's stamp); defaults are
    those of vigie:servicebasket."""

    max_time_min: float = 0.0
    access_speed_kmh: float = 0.0
    far_min: float = 7.0
    thresholds: tuple = DEFAULT_THRESHOLDS
    version: str = ""  # Vigie's, for the provenance (not part of the stamp)

    def stamp(self) -> str:
        return (
            f"max_time={self.max_time_min!r};access_speed={self.access_speed_kmh!r};far={self.far_min!r};"
            f"thresholds={tuple(float(t) for t in self.thresholds)!r}"
        )


# Kits held by this worker process: places and graph, kept for the kit's next categories.
_KITS_IN_MEMORY = OrderedDict()
_KITS_KEPT = 2


def worker_label() -> str:
    """Which process computed a result (host:pid), for the summary."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _remember(key, value):
    _KITS_IN_MEMORY[key] = value
    _KITS_IN_MEMORY.move_to_end(key)
    while len(_KITS_IN_MEMORY) > _KITS_KEPT:
        _KITS_IN_MEMORY.popitem(last=False)


def load_kit(path, graph_folder, graph_key=None):
    """(places, graph, graph_key) of a kit: from this worker's memory, else the graph cache, else built."""
    memory_key = (str(path), kit_stamp(path))
    if memory_key in _KITS_IN_MEMORY:
        _KITS_IN_MEMORY.move_to_end(memory_key)
        return _KITS_IN_MEMORY[memory_key]
    places = read_places(path)
    cache = GraphCache(graph_folder)
    graph = cache.get(graph_key) if graph_key else None
    if graph is None:
        built = build_kit_graph(path, places, cache)
        graph, graph_key = built.graph, cache.last_key
    value = (places, graph, graph_key)
    _remember(memory_key, value)
    return value


def prepare_kit(path, folder):
    """Read a kit and build (or load) its graph once; the graph's cache key lets other workers load it."""
    started = time.perf_counter()
    try:
        places, graph, key = load_kit(path, output.graph_folder(folder))
    except KitError as error:
        return {"kit": kit_name(path), "error": str(error)}
    return {
        "kit": places.name,
        "error": None,
        "graph_key": key,
        "origins": len(places.origins_xy),
        "nodes": graph.n_nodes,
        "edges": graph.n_edges,
        "seconds": time.perf_counter() - started,
        "worker": worker_label(),
    }


def service_labels(codes, basket: Basket):
    """The basket category each service counts for ('' = none), as vigie:servicebasket assigns them:
    by BPE code for INSEE's basket and the BPE ranges, by value for an explicit list."""
    clean = ["" if code is None else str(code).strip() for code in codes]
    if basket.id != "custom":
        table = basket.category_of_code()
        return np.array([table.get(code.upper(), [""])[0] for code in clean], dtype=object)
    wanted = set(basket.category_ids)
    return np.array([code if code in wanted else "" for code in clean], dtype=object)


def category_times(places: KitPlaces, graph, basket: Basket, categories, options: Options):
    """Yield (category, minutes per origin (NaN = not reached), service count), one search per category;
    a category with no service in the kit yields None times."""
    labels = service_labels(places.service_category, basket)
    present = set(labels.tolist())
    searched = category_travel_times(
        graph,
        places.origins_xy,
        places.service_xy,
        labels,
        max_time_s=options.max_time_min * 60.0 if options.max_time_min > 0 else None,
        access_speed_kmh=options.access_speed_kmh,
        only=[c for c in categories if c in present],
        distances=False,
    )
    results = iter(searched)
    for category in categories:
        if category not in present:
            yield category, None, 0
            continue
        found, result = next(results)
        if found != category:
            raise RuntimeError(f"category_travel_times gave {found} where {category} was expected")
        yield category, result.time_s / 60.0, int(np.sum(labels == category))


def categories_task(prepared, path, folder, categories, basket: Basket, options: Options):
    """A group of a kit's categories: each one's times written to its part file; returns their summary rows.

    The origins and services are tied to the graph once for the whole group (the costly step).
    """
    name = kit_name(path)
    worker = worker_label()
    if prepared.get("error"):
        return [_failed(name, c, worker, prepared["error"]) for c in categories]
    started = time.perf_counter()
    try:
        places, graph, _ = load_kit(path, output.graph_folder(folder), prepared["graph_key"])
    except KitError as error:
        return [_failed(name, c, worker, str(error)) for c in categories]
    rows = []
    for category, times_min, services in category_times(places, graph, basket, categories, options):
        row = {"kit": name, "category": category, "worker": worker, "services": services}
        if times_min is None:
            row.update({"status": output.ABSENT, "origins": len(places.origins_xy), "reached": 0})
        else:
            row.update(output.time_figures(times_min))
            row["status"] = output.OK
        row["seconds"] = round(time.perf_counter() - started, 3)
        output.write_part(folder, row, times_min, places.origin_fids, kit_stamp(path), options.stamp())
        rows.append(row)
        started = time.perf_counter()
    return rows


def _failed(kit, category, worker, error):
    return {"kit": kit, "category": category, "status": output.FAILED, "worker": worker, "error": error}


def write_kit_task(path, folder, basket: Basket, options: Options, *row_groups):
    """The kit's output GeoPackage, once every category is there (``row_groups``: the category tasks' rows)."""
    rows = [row for group in row_groups for row in group]
    if any(row.get("status") == output.FAILED for row in rows):
        return {"kit": kit_name(path), "written": False}
    output.write_kit_output(path, folder, basket, options)
    return {"kit": kit_name(path), "written": True}


def dask_setup(worker):
    """Called by Dask in a worker that preloads this module (``runner.local_cluster``): GDAL is imported
    with the rest of the engine while the worker starts, not in its first task."""
    from osgeo import ogr, osr  # noqa: F401


def peak_memory_mb() -> float:
    """Peak resident memory of this process (MB), for the benchmarks."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
