"""Batch runner on Dask: command line on real kits, failures kept apart, resumable, a worker killed mid-run."""

import csv
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import types

import numpy as np
import pytest
from conftest import REPO_ROOT

pytest.importorskip("distributed", reason="the batch runner needs Dask: apt-get install python3-distributed")
ogr = pytest.importorskip("osgeo.ogr", reason="kits are read with GDAL's Python bindings (python3-gdal)")

from vigie.plugin.core.batch import BLAS_THREAD_VARIABLES, output, tasks  # noqa: E402
from vigie.plugin.core.batch.kit import build_kit_graph, kit_name, read_places  # noqa: E402
from vigie.plugin.core.batch.runner import (  # noqa: E402
    START_METHOD_VARIABLE,
    biggest_first,
    chunk_count,
    chunks,
    local_cluster,
    run_batch,
    worker_start_method,
)
from vigie.plugin.core.batch.tasks import Options  # noqa: E402
from vigie.plugin.core.indicators.basket import TIME_TOLERANCE_MIN, basket_table  # noqa: E402
from vigie.plugin.core.routing import nearest_service_times  # noqa: E402

CATEGORIES = ["D201", "D107"]  # general practitioners, maternity wards: the sample kit's BPE types


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    from sample_kits import build_kits

    folder = tmp_path_factory.mktemp("kits")
    good = build_kits(folder, groups=2, buffer_km=5.0)
    # A kit whose roads layer is gone: it must fail alone, with its error in the summary.
    broken = folder / "broken.gpkg"
    ogr.GetDriverByName("GPKG").CopyDataSource(ogr.Open(str(good[0])), str(broken))
    dataset = ogr.Open(str(broken), 1)
    dataset.DeleteLayer("roads")
    dataset = None
    return good, broken


@pytest.fixture(scope="module")
def threads_client():
    """A Dask cluster of threads in this process: quick to start, for the reruns (the command line test
    and the kill test use real worker processes)."""
    from distributed import Client

    cluster = local_cluster(2, processes=False)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def _run_cli(*args, timeout=300):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / ".pkgroot"))
    return subprocess.run(
        [sys.executable, "-m", "vigie.plugin.core.batch", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def _summary(folder):
    with open(folder / "summary.csv", newline="", encoding="utf-8") as stream:
        return {(row["kit"], row["category"]): row for row in csv.DictReader(stream)}


def _layer_rows(path):
    dataset = ogr.Open(str(path))
    layer = dataset.GetLayer(0)
    names = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    rows = [
        ({name: feature.GetField(name) for name in names}, feature.GetGeometryRef().ExportToWkt()) for feature in layer
    ]
    return names, rows


def test_groups_of_categories():
    assert chunk_count(n_kits=30, n_categories=22, n_workers=4) == 1  # many kits: one task per kit
    assert chunk_count(n_kits=1, n_categories=22, n_workers=4) == 8
    assert chunk_count(n_kits=3, n_categories=3, n_workers=2) == 2
    assert chunk_count(n_kits=1, n_categories=2, n_workers=8) == 2  # never more groups than categories
    assert chunks(["a", "b", "c", "d", "e"], 2) == [["a", "b", "c"], ["d", "e"]]
    assert chunks(["a", "b"], 5) == [["a"], ["b"]]


def test_biggest_kits_are_submitted_first(kits):
    good, broken = kits
    ordered = biggest_first([broken, *good])
    sizes = [path.stat().st_size for path in ordered]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > sizes[-1]  # the sample's kits differ in size: the order is a real one
    assert sorted(ordered) == sorted([broken, *good])


def test_local_workers_start_with_the_engine_imported_and_dask_samplers_quiet():
    from distributed import Client

    cluster = local_cluster(1)
    client = Client(cluster)
    try:

        def worker_state():
            import dask.config

            loaded = [name for name in (tasks.__name__, "osgeo.ogr", "pandas") if name in sys.modules]
            samplers = [
                dask.config.get(key)
                for key in ("distributed.admin.tick.interval", "distributed.admin.system-monitor.interval")
            ]
            return loaded, dask.config.get("distributed.worker.profile.enabled"), samplers

        # Checked before any task ran: the preload imported the engine as the worker started.
        (state,) = client.run(worker_state).values()
    finally:
        client.close()
        cluster.close()
    assert state == ([tasks.__name__, "osgeo.ogr", "pandas"], False, ["1s", "5s"])


def test_local_workers_are_forked_on_linux_unless_qgis_is_loaded_or_dask_is_told_otherwise(monkeypatch):
    monkeypatch.delenv(START_METHOD_VARIABLE, raising=False)
    monkeypatch.delitem(sys.modules, "qgis.core", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert worker_start_method() == "fork"
    monkeypatch.setattr(sys, "platform", "darwin")  # fork is unsafe with macOS system libraries
    assert worker_start_method() == "spawn"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setitem(sys.modules, "qgis.core", types.ModuleType("qgis.core"))  # Qt's threads: never fork
    assert worker_start_method() == "spawn"
    monkeypatch.setenv(START_METHOD_VARIABLE, "forkserver")
    assert worker_start_method() == "forkserver"


def test_the_command_line_limits_blas_threads_before_numpy_starts():
    # ``python3 -m`` imports the package before its __main__: the package must not start numpy.
    code = (
        "import sys, os, runpy\n"
        "import vigie.plugin.core.batch\n"
        "before = 'numpy' in sys.modules\n"
        "sys.argv = ['batch', '--help']\n"
        "try:\n    runpy.run_module('vigie.plugin.core.batch', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(before, os.environ.get('OPENBLAS_NUM_THREADS'), 'numpy' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    env["PYTHONPATH"] = str(REPO_ROOT / ".pkgroot")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[-1] == "False 1 True"


def test_command_line_runs_kits_keeps_a_bad_kit_apart_and_resumes(kits, tmp_path, threads_client):
    good, broken = kits
    out = tmp_path / "out"
    completed = _run_cli(*good, broken, "--output", out, "--categories", ",".join(CATEGORIES), "--workers", "2")
    assert completed.returncode == 1, completed.stderr  # one kit failed
    summary = _summary(out)
    assert len(summary) == 3 * len(CATEGORIES)  # every kit x category, none missing
    for category in CATEGORIES:
        row = summary[("broken", category)]
        assert row["status"] == "failed"
        assert "layer 'roads' is missing" in row["error"]
    assert not (out / "broken.gpkg").exists()
    assert "[##############################]" in completed.stderr  # the progress bar reached the end
    # One graph per good kit, built once and shared by its category tasks through the cache.
    assert len(list(output.graph_folder(out).glob("*.npz"))) == len(good)

    for kit in good:
        places = read_places(kit)
        graph = build_kit_graph(kit, places).graph
        names, rows = _layer_rows(out / f"{kit.stem}.gpkg")
        assert names[-8:] == [f"t_{c}" for c in CATEGORIES] + [
            "basket_mean_min",
            "basket_max_min",
            "n_within_7",
            "n_within_15",
            "n_within_30",
            "far",
        ]
        assert len(rows) == len(places.origins_xy)
        times = {}
        for category in CATEGORIES:
            expected = nearest_service_times(
                graph, places.origins_xy, places.service_xy[places.service_category == category]
            )
            times[category] = expected.time_s / 60.0
            got = np.array([np.nan if r[f"t_{category}"] is None else r[f"t_{category}"] for r, _ in rows])
            np.testing.assert_allclose(got, times[category], rtol=0, atol=1e-6, equal_nan=True)
            row = summary[(kit.stem, category)]
            assert row["status"] == "ok"
            assert int(row["origins"]) == len(rows)
            assert int(row["reached"]) == int(np.isfinite(times[category]).sum())
            assert float(row["median_min"]) == pytest.approx(np.nanmedian(times[category]), abs=1e-3)
        table = basket_table(times, CATEGORIES)
        far = [r["far"] for r, _ in rows]
        assert far == [None if v is None or v is np.nan or str(v) == "<NA>" else int(v) for v in table["far"]]

    # Rerun: what is written is skipped (no recomputation), the broken kit is tried again and fails again.
    before = {kit.stem: (out / f"{kit.stem}.gpkg").stat().st_mtime_ns for kit in good}
    run_batch([*good, broken], out, categories=CATEGORIES, client=threads_client)
    summary = _summary(out)
    assert {summary[(kit.stem, c)]["status"] for kit in good for c in CATEGORIES} == {"skipped"}
    assert {summary[("broken", c)]["status"] for c in CATEGORIES} == {"failed"}
    assert before == {kit.stem: (out / f"{kit.stem}.gpkg").stat().st_mtime_ns for kit in good}

    # One category's part lost (a run killed before it was stored): only that one is computed again.
    output.part_path(out, good[1].stem, "D107").unlink()
    (out / f"{good[1].stem}.gpkg").unlink()
    run_batch([good[1]], out, categories=CATEGORIES, client=threads_client)
    summary = _summary(out)
    assert summary[(good[1].stem, "D107")]["status"] == "ok"
    assert summary[(good[1].stem, "D201")]["status"] == "skipped"
    _, rows = _layer_rows(out / f"{good[1].stem}.gpkg")
    assert len(rows) == len(read_places(good[1]).origins_xy)


def test_a_worker_loads_a_kit_graph_from_the_cache_then_from_memory(kits, tmp_path, monkeypatch):
    good, _ = kits
    prepared = tasks.prepare_kit(str(good[0]), str(tmp_path))  # builds the graph and stores it
    assert prepared["error"] is None

    def no_build(*args, **kwargs):
        raise AssertionError("the graph was built again instead of loaded")

    monkeypatch.setattr(tasks, "_KITS_IN_MEMORY", type(tasks._KITS_IN_MEMORY)())  # another worker's memory
    monkeypatch.setattr(tasks, "build_kit_graph", no_build)
    places, graph, key = tasks.load_kit(good[0], output.graph_folder(tmp_path), prepared["graph_key"])
    assert key == prepared["graph_key"]
    assert (graph.n_nodes, graph.n_edges) == (prepared["nodes"], prepared["edges"])
    assert len(places.origins_xy) == prepared["origins"]
    again = tasks.load_kit(good[0], output.graph_folder(tmp_path), prepared["graph_key"])
    assert again[1] is graph  # the kit's next categories reuse the graph in memory


def test_a_failing_task_is_retried_then_reported_and_the_other_kit_finishes(
    kits, tmp_path, monkeypatch, threads_client
):
    good, _ = kits
    failing, finishing = good[0].stem, good[1].stem
    calls = {failing: 0, finishing: 0}
    real_category_times = tasks.category_times

    def category_times_failing_on_one_kit(places, *args):
        calls[places.name] += 1
        if places.name == failing:
            raise RuntimeError("worker disk full")
        return real_category_times(places, *args)

    monkeypatch.setattr(tasks, "category_times", category_times_failing_on_one_kit)
    rows = run_batch(good, tmp_path / "out", categories=CATEGORIES, client=threads_client, retries=1)
    by_key = {(row["kit"], row["category"]): row for row in rows}
    assert set(by_key) == {(kit.stem, c) for kit in good for c in CATEGORIES}  # no row missing
    for category in CATEGORIES:
        assert by_key[(failing, category)]["status"] == "failed"
        assert "RuntimeError: worker disk full" in by_key[(failing, category)]["error"]
        assert by_key[(finishing, category)]["status"] == "ok"
    assert calls[failing] >= 2 * calls[finishing]  # every task of the failing kit was tried again
    assert not (tmp_path / "out" / f"{failing}.gpkg").exists()
    assert (tmp_path / "out" / f"{finishing}.gpkg").exists()
    assert _summary(tmp_path / "out")[(failing, CATEGORIES[0])]["status"] == "failed"

    # Every category computed but the kit's GeoPackage not written: each of its rows says so.
    monkeypatch.setattr(tasks, "category_times", real_category_times)
    real_write = output.write_kit_output

    def write_failing_on_one_kit(path, *args):
        if kit_name(path) == finishing:
            raise OSError("no space left on device")
        return real_write(path, *args)

    monkeypatch.setattr(output, "write_kit_output", write_failing_on_one_kit)
    rows = run_batch(good, tmp_path / "out-2", categories=CATEGORIES, client=threads_client, retries=1)
    for row in rows:
        if row["kit"] == finishing:
            assert row["status"] == "failed"
            assert row["error"] == "output not written: OSError: no space left on device"
        else:
            assert row["status"] == "ok"
    assert not (tmp_path / "out-2" / f"{finishing}.gpkg").exists()


def test_a_changed_option_or_kit_is_computed_again(kits, tmp_path, threads_client):
    good, _ = kits
    kit = tmp_path / "kits" / good[1].name
    kit.parent.mkdir()
    shutil.copy2(good[1], kit)
    out = tmp_path / "out"

    def statuses(options=None):
        rows = run_batch([kit], out, categories=CATEGORIES, client=threads_client, options=options)
        return {row["status"] for row in rows if row["status"] != "absent"}

    assert statuses() == {"ok"}
    assert statuses() == {"skipped"}
    # Another setting (--far 10): the stored results were made with 7, so everything is computed again.
    assert statuses(Options(far_min=10.0)) == {"ok"}
    _, rows = _layer_rows(out / f"{kit.stem}.gpkg")
    means = [row["basket_mean_min"] for row, _ in rows if row["basket_mean_min"] is not None]
    assert [row["far"] for row, _ in rows if row["basket_mean_min"] is not None] == [
        int(m > 10.0 + TIME_TOLERANCE_MIN) for m in means
    ]
    assert statuses(Options(far_min=10.0)) == {"skipped"}
    # The kit fetched again (a new modification time): computed again, even with the same settings.
    stat = kit.stat()
    os.utime(kit, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert statuses(Options(far_min=10.0)) == {"ok"}


def test_scripts_batch_sh_runs_the_runner(kits, tmp_path):
    good, _ = kits
    env = dict(os.environ, VIGIE_PYTHON=sys.executable)
    script = str(REPO_ROOT / "scripts" / "batch.sh")
    completed = subprocess.run([script, "--help"], capture_output=True, text=True, env=env, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert "--scheduler" in completed.stdout
    out = tmp_path / "out"
    completed = subprocess.run(
        [script, str(good[1]), "--output", str(out), "--categories", "D201", "--workers", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    row = _summary(out)[(good[1].stem, "D201")]
    assert row["status"] == "ok"
    assert int(row["reached"]) > 0.9 * int(row["origins"])
    assert (out / f"{good[1].stem}.gpkg").exists()


def test_bad_arguments_are_refused_with_what_to_do(kits, tmp_path):
    good, _ = kits
    completed = _run_cli(good[0], good[0], "--output", tmp_path / "out")
    assert completed.returncode == 2
    assert "several kits are named kit-1" in completed.stderr


def test_a_worker_killed_mid_run_is_replaced_and_the_summary_is_complete(kits, tmp_path):
    from distributed import Client

    good, _ = kits
    cluster = local_cluster(2)
    client = Client(cluster)
    killed = {}
    try:
        pids = client.run(os.getpid)

        def kill_a_busy_worker():
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not killed:
                for address, keys in client.processing().items():
                    busy = [key for key in keys if str(key).startswith(("prepare-", "categories-"))]
                    if busy:
                        os.kill(pids[address], signal.SIGKILL)
                        killed.update(address=address, pid=pids[address], key=busy[0])
                        return
                time.sleep(0.005)

        watcher = threading.Thread(target=kill_a_busy_worker)
        watcher.start()
        rows = run_batch(good, tmp_path / "out", categories=CATEGORIES, client=client, retries=1)
        watcher.join()
        assert killed, "no task was seen running: nothing was killed"
        assert killed["pid"] not in client.run(os.getpid).values()  # that worker process is gone
    finally:
        client.close()
        cluster.close()
    assert len(rows) == len(good) * len(CATEGORIES)
    assert {row["status"] for row in rows} == {"ok"}, rows
    # Results computed after the kill come from the surviving or restarted workers only.
    killed_label = f":{killed['pid']}"
    kit_of_key = "-".join(killed["key"].split("-")[1:3])  # prepare-kit-1-<token>
    assert all(not row["worker"].endswith(killed_label) for row in rows if row["kit"] == kit_of_key)
    summary = _summary(tmp_path / "out")
    assert len(summary) == len(rows)
    for kit in good:
        _, written = _layer_rows(tmp_path / "out" / f"{kit.stem}.gpkg")
        assert len(written) == len(read_places(kit).origins_xy)


def test_an_existing_cluster_whose_workers_lack_vigie_gets_the_package(kits, tmp_path):
    """--scheduler: a scheduler and a worker started apart (as on a cluster), without Vigie on their path."""
    import json

    good, _ = kits
    scheduler_file = tmp_path / "scheduler.json"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    common = ["--scheduler-file", str(scheduler_file)]
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0"]
        + ["--dashboard-address", "127.0.0.1:0", "--no-dashboard", *common],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:
        deadline = time.monotonic() + 120
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1", "--nworkers", "1"]
            + ["--host", "127.0.0.1", "--no-dashboard", "--local-directory", str(tmp_path / "worker")],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        completed = _run_cli(good[1], "--output", tmp_path / "out", "--categories", "D201", "--scheduler", address)
        assert completed.returncode == 0, completed.stderr
        row = _summary(tmp_path / "out")[(good[1].stem, "D201")]
        assert row["status"] == "ok"
        assert int(row["reached"]) > 0.9 * int(row["origins"])
        assert (tmp_path / "out" / f"{good[1].stem}.gpkg").exists()
        from distributed import Client

        with Client(address) as client:  # the worker imported Vigie from the zip the runner sent
            paths = client.run(lambda: [path for path in __import__("sys").path if path.endswith("vigie_core.zip")])
        assert all(paths.values()) and paths
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
