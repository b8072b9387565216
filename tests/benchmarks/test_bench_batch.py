"""Batch runner on Dask: 2 workers against 1, against the Processing algorithms one by one, memory per worker.

Kits: the communes of the Gap–Champsaur square in 4 groups (scripts/sample_kit.py, real data, 20 km
road buffer as vigie:fetchterritory). A basket of 22 categories, as INSEE's: the kits' real service
points (general practitioners, maternity wards, hospitals) dealt round-robin into 22 codes B01…B22, so
that each category is a real multi-source search over real points.

Prints, all measured in this run:
- total time of the runner with 1 and 2 worker processes (cluster started before the clock), ratio
  (target >= 1.7 on 2 cores; the machine's load average is printed: other work skews it); the time
  to start each cluster (its workers import the engine then), and the ratio with it included; the
  workers' CPU seconds, and 1 worker's against the busiest of 2 (what two free cores would give);
- the same kits x basket with vigie:servicebasket run kit after kit in one QGIS (no QGIS start per
  task), and vigie:roadtraveltime kit x category one by one (target: runner on 2 workers >= 1.7x);
- peak resident memory of a worker for 1, 8 and 22 categories (flat: categories are streamed);
- per kit: graph nodes and edges, graph build, attach, per-category search: the inputs of the
  France extrapolation of the README.
Run with ``make bench``.
"""

import os
import time

import numpy as np
import pytest

pytest.importorskip("distributed", reason="the batch runner needs Dask: apt-get install python3-distributed")
ogr = pytest.importorskip("osgeo.ogr")

N_CATEGORIES = 22
CODES = [f"B{i:02d}" for i in range(1, N_CATEGORIES + 1)]
SPEED_UP_TARGET = 1.7  # the issue's, on 2 cores: 2 workers vs 1, and vs the algorithms one by one
STARTUP_S = {}  # workers -> seconds to start the local cluster (its workers import the engine then)
WORKER_CPU_S = {}  # workers -> CPU seconds of each worker process during the run


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    from sample_kits import build_kits

    paths = build_kits(tmp_path_factory.mktemp("bench-kits"), groups=4, buffer_km=20.0)
    for path in paths:
        dataset = ogr.Open(str(path), 1)
        layer = dataset.GetLayerByName("services")
        layer.StartTransaction()
        for index, feature in enumerate(layer):
            feature.SetField("typequ", CODES[index % N_CATEGORIES])
            layer.SetFeature(feature)
        layer.CommitTransaction()
        dataset = None
    return paths


def _verdict(ratio):
    """The ratio against the issue's target, said rather than left to the reader."""
    return f"target >= {SPEED_UP_TARGET} x: {'PASS' if ratio >= SPEED_UP_TARGET else 'FAIL'}"


def _load():
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def _timed_run(kits, folder, workers, categories):
    from distributed import Client

    from vigie.plugin.core.batch.runner import local_cluster, run_batch
    from vigie.plugin.core.batch.tasks import peak_memory_mb

    start = time.perf_counter()
    cluster = local_cluster(workers)
    client = Client(cluster)
    startup_s = time.perf_counter() - start
    try:
        cpu_before = client.run(time.process_time)
        start = time.perf_counter()
        rows = run_batch(kits, folder, categories=categories, client=client)
        elapsed = time.perf_counter() - start
        cpu_after = client.run(time.process_time)
        peaks = list(client.run(peak_memory_mb).values())
    finally:
        client.close()
        cluster.close()
    assert {row["status"] for row in rows} == {"ok"}, rows
    STARTUP_S[workers] = startup_s
    WORKER_CPU_S[workers] = [cpu_after[address] - cpu_before[address] for address in cpu_before]
    return elapsed, peaks, rows


def test_runner_scales_with_workers_and_beats_processing_one_by_one(kits, tmp_path, run_alg):
    from qgis.core import QgsVectorLayer

    load_before = _load()
    one_s, _, rows = _timed_run(kits, tmp_path / "w1", 1, CODES)
    two_s, _, _ = _timed_run(kits, tmp_path / "w2", 2, CODES)
    load_after = _load()

    start = time.perf_counter()
    for kit in kits:
        run_alg(
            "vigie:servicebasket",
            {
                "NETWORK": f"{kit}|layername=roads",
                "ORIGINS": f"{kit}|layername=population",
                "SERVICES": f"{kit}|layername=services",
                "CATEGORIES": ",".join(CODES),
                "OUTPUT": str(tmp_path / f"basket-{kit.stem}.gpkg"),
                "OUTPUT_AREAS": "TEMPORARY_OUTPUT",
            },
        )
    basket_s = time.perf_counter() - start

    # vigie:roadtraveltime kit x category, one by one (graph from the QGIS profile's cache after the first).
    start = time.perf_counter()
    for kit in kits:
        services = f"{kit}|layername=services"
        for code in CODES:
            subset = QgsVectorLayer(services, "s", "ogr")
            subset.setSubsetString(f"\"typequ\" = '{code}'")
            run_alg(
                "vigie:roadtraveltime",
                {
                    "NETWORK": f"{kit}|layername=roads",
                    "ORIGINS": f"{kit}|layername=population",
                    "DESTINATIONS": subset,
                    "OUTPUT": "TEMPORARY_OUTPUT",
                },
            )
    one_by_one_s = time.perf_counter() - start

    origins = sum(int(row["origins"]) for row in rows) // N_CATEGORIES
    print()
    print(f"Batch runner — {len(kits)} kits ({origins:,} cells) x {N_CATEGORIES} categories, Gap–Champsaur sample")
    print(f"  load average before / after the runner runs: {load_before} / {load_after} (2 cores)")
    print(f"  runner, 1 worker                        {one_s:8.2f} s")
    workers_ratio = one_s / two_s
    print(
        f"  runner, 2 workers                       {two_s:8.2f} s   ratio {workers_ratio:5.2f} x  "
        f"{_verdict(workers_ratio)}"
    )
    # CPU seconds do not count the time a worker waits for a core that other work holds: the ratio two
    # free cores would give, readable when the load average is high (the main process's share left out).
    cpu_ratio = sum(WORKER_CPU_S[1]) / max(WORKER_CPU_S[2])
    print(
        f"  CPU of the workers                      {sum(WORKER_CPU_S[1]):8.2f} s with 1, "
        f"{' + '.join(f'{cpu:.2f}' for cpu in WORKER_CPU_S[2])} s with 2; ratio to the busiest {cpu_ratio:5.2f} x"
    )
    with_start = (one_s + STARTUP_S[1]) / (two_s + STARTUP_S[2])
    print(
        f"  cluster start (not in the times above)  {STARTUP_S[1]:8.2f} s with 1 worker, {STARTUP_S[2]:.2f} s with 2; "
        f"ratio start included {with_start:5.2f} x"
    )
    print(f"  vigie:servicebasket kit after kit       {basket_s:8.2f} s   ratio to 2 workers {basket_s / two_s:5.2f} x")
    print(
        f"  vigie:roadtraveltime kit x category      {one_by_one_s:8.2f} s   ratio to 2 workers "
        f"{one_by_one_s / two_s:5.2f} x  {_verdict(one_by_one_s / two_s)} "
        f"({len(kits) * N_CATEGORIES} runs, no QGIS start per run)"
    )


def test_worker_memory_is_flat_in_the_number_of_categories(kits, tmp_path):
    peaks = {}
    for count in (1, 8, N_CATEGORIES):
        _, worker_peaks, _ = _timed_run(kits[:1], tmp_path / f"c{count}", 1, CODES[:count])
        peaks[count] = max(worker_peaks)
    print()
    print(f"Peak resident memory of the worker, one kit ({kits[0].stem}), 1 worker:")
    for count, peak in peaks.items():
        print(f"  {count:2d} categories  {peak:8.0f} MB")
    print(f"  22 / 1 categories: {peaks[N_CATEGORIES] / peaks[1]:.2f} x (flat = 1.0)")


def test_per_task_costs_for_the_france_extrapolation(kits):
    from vigie.plugin.core.batch.kit import build_kit_graph, read_places
    from vigie.plugin.core.batch.tasks import Options, category_times, service_labels
    from vigie.plugin.core.reference.basket import basket_from_codes
    from vigie.plugin.core.routing import attach_points

    basket = basket_from_codes(CODES)
    print()
    print("Per kit: cells, graph, build, attach, per-category search (inputs of the README's France estimate)")
    totals = {"cells": 0, "nodes": 0, "build": 0.0, "search": 0.0, "roads_km2": 0.0}
    for kit in kits:
        start = time.perf_counter()
        places = read_places(kit)
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        graph = build_kit_graph(kit, places).graph
        build_s = time.perf_counter() - start
        labels = service_labels(places.service_category, basket)
        start = time.perf_counter()
        attach_points(graph, np.concatenate([places.origins_xy, places.service_xy[labels != ""]]))
        attach_s = time.perf_counter() - start
        start = time.perf_counter()
        searched = sum(1 for _ in category_times(places, graph, basket, CODES, Options()))
        search_s = (time.perf_counter() - start - attach_s) / searched
        xmin, ymin = graph.node_xy.min(axis=0)
        xmax, ymax = graph.node_xy.max(axis=0)
        area_km2 = (xmax - xmin) * (ymax - ymin) / 1e6
        graph_mb = sum(a.nbytes for a in graph.to_arrays().values()) / 2**20
        print(
            f"  {kit.stem}: {len(places.origins_xy):5,} cells, {graph.n_nodes:7,} nodes, {graph.n_edges:7,} edges "
            f"({area_km2:5.0f} km2 of roads, {graph_mb:4.1f} MB of arrays), read {read_s:5.2f} s, "
            f"build {build_s:5.2f} s, attach {attach_s:5.2f} s, {search_s * 1000:6.1f} ms per category"
        )
        totals["cells"] += len(places.origins_xy)
        totals["nodes"] += graph.n_nodes
        totals["build"] += build_s
        totals["search"] += search_s
        totals["roads_km2"] += area_km2
        assert searched == N_CATEGORIES
    per_node_build_us = 1e6 * totals["build"] / totals["nodes"]
    per_node_search_us = 1e6 * totals["search"] / totals["nodes"]
    print(f"  graph build {per_node_build_us:.1f} us per node; one category {per_node_search_us:.2f} us per node")
    print(f"  node density {totals['nodes'] / totals['roads_km2']:.0f} nodes per km2 of road bounding box")
