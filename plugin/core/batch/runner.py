"""The batch run on Dask: per kit, one task for the graph, tasks for groups of categories, one for the output.

    rows = run_batch(kits, output, categories=None, workers=None, scheduler=None, options=Options(),
                     retries=2, progress=None, client=None)

The categories of a kit are searched in groups (``chunk_count``): the origins are tied to the graph
once per group, so with many kits each kit is one task; with fewer kits than workers its categories
are spread over several tasks.

Dask (``python3-dask``, ``python3-distributed``) is imported here only: the plugin inside QGIS never
imports this module, and never starts worker processes (``sys.executable`` is QGIS there).
"""

import dataclasses
import gc
import math
import os
import sys
import time
from pathlib import Path

from ..reference.basket import Basket, basket_from_codes, insee_basket
from . import BLAS_THREAD_VARIABLES, blas_single_thread, output, tasks
from .kit import kit_name
from .tasks import Options, categories_task, prepare_kit, write_kit_task

WAIT_FOR_WORKERS_S = 300
# The local cluster has no dashboard, so nothing reads what these sample: Dask's statistical profiler
# (every 10 ms, about 7 % of a kit's CPU time), its event-loop tick (every 20 ms, kept to warn of a
# loop blocked for seconds) and its resource monitor (every 0.5 s). Idle, they took 5 % of a core in
# the command's process and 2 % in each worker; 1.6 % and 0.7 % so set. Memory limits are watched
# by their own monitor, untouched.
QUIET_CONFIG = {
    "distributed": {
        "worker": {"profile": {"enabled": False}},
        "admin": {"tick": {"interval": "1s"}, "system-monitor": {"interval": "5s"}},
    }
}


class BatchError(Exception):
    """A run that cannot start (bad arguments, no Dask): the message says what to do."""


def resolve_basket(categories=None) -> Basket:
    """The basket of a run: the categories given (BPE codes or values of typequ), else INSEE's basket of
    everyday services, the default of vigie:servicebasket."""
    if categories:
        return basket_from_codes(categories, "explicit list")
    return insee_basket()


def chunk_count(n_kits, n_categories, n_workers) -> int:
    """Groups of categories per kit: one when kits outnumber workers (the origins are tied to the graph
    once per group), more when there are fewer kits than workers to keep every worker busy."""
    if n_kits <= 0 or n_categories <= 0:
        return 1
    return max(1, min(n_categories, math.ceil(2 * n_workers / n_kits) if n_kits < 2 * n_workers else 1))


def chunks(items, count) -> list:
    """``items`` in ``count`` groups of nearly equal size, in order."""
    size = math.ceil(len(items) / count) if items else 1
    return [items[start:][:size] for start in range(0, len(items), size)]


def _distributed():
    try:
        import distributed
    except ImportError as error:
        raise BatchError(
            "Dask is not installed: apt-get install python3-dask python3-distributed (or pip install distributed)"
        ) from error
    return distributed


START_METHOD_VARIABLE = "DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"


def worker_start_method() -> str:
    """How the local cluster starts its worker processes: forked from this process on Linux, spawned
    (a fresh interpreter) elsewhere and wherever QGIS is loaded.

    A forked worker inherits Dask and the engine already imported here: the cluster starts in about
    0.5 s instead of 1.4 s, and closes in 0.03 s instead of 0.25 s (measured on the sample, 1 or 2
    workers), a cost every command pays once. Dask spawns by default because a process may hold
    threads that a fork would copy mid-work; the runner's process holds only Dask's event loop, but a
    QGIS process holds Qt's threads, so there it spawns. The method set in Dask's configuration
    (``DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD``) wins.
    """
    if os.environ.get(START_METHOD_VARIABLE):
        return os.environ[START_METHOD_VARIABLE]
    if sys.platform.startswith("linux") and "qgis.core" not in sys.modules:
        return "fork"
    return "spawn"


def local_cluster(workers=None, processes=True):
    """A LocalCluster of ``workers`` single-threaded processes (one BLAS thread each), on loopback only,
    without dashboard (its HTTP server, which Dask always starts, takes a free loopback port).

    Each worker process has the engine (``tasks``: numpy, scipy, pandas, GDAL) imported as it starts
    (inherited when forked, ``worker_start_method``; else Dask's preload), so the cluster is up when its
    workers can compute: otherwise every worker pays those imports in its first task, a cost that more
    workers do not share. Dask's samplers are quiet (``QUIET_CONFIG``): its profiler is off.
    """
    distributed = _distributed()
    import dask.config

    blas_single_thread()
    if processes:
        method = worker_start_method()
        if method == "fork":
            tasks.dask_setup(None)  # GDAL imported once here, inherited by every worker
            # What is imported so far is left out of the garbage collector's passes, here and in the
            # workers: their collections do not touch (and copy) the inherited pages, and this process
            # ends in 0.04 s instead of 0.2 s (its last collection walked every imported object).
            # Collected first, so that only live objects are frozen (frozen garbage is never freed).
            gc.collect()
            gc.freeze()
        # Process-wide: the nanny reads it again when it restarts a lost worker.
        dask.config.set({"distributed.worker.multiprocessing-method": method})
    dask.config.update(dask.config.config, QUIET_CONFIG)  # the scheduler's and nannies' loops, in this process
    # Worker processes talk over loopback TCP; threads in this process over in-process queues.
    extra = {}
    if processes:
        extra = {
            "env": dict.fromkeys(BLAS_THREAD_VARIABLES, "1"),
            "host": "127.0.0.1",
            "preload": [tasks.__name__],
            # The worker's whole configuration: the nanny replaces top-level keys, it does not merge in depth.
            "config": dask.config.config,  # QUIET_CONFIG included (above)
        }
    return distributed.LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        **extra,
    )


def start_client(workers=None, scheduler=None):
    """A Dask client: on the cluster at ``scheduler``, else on a local cluster of ``workers`` processes.
    Returns (client, cluster to close or None)."""
    distributed = _distributed()
    if scheduler:
        client = distributed.Client(scheduler)
        send_package_to_workers(client)
        return client, None
    cluster = local_cluster(workers)
    return distributed.Client(cluster), cluster


def _core_files():
    """(path, name in the archive) of what the workers need: vigie/__init__.py, plugin/__init__.py, plugin/core."""
    package = Path(__file__).resolve().parents[3]  # the plugin folder, imported as ``vigie``
    yield package / "__init__.py", "vigie/__init__.py"
    yield package / "plugin" / "__init__.py", "vigie/plugin/__init__.py"
    for path in sorted((package / "plugin" / "core").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path, "vigie/" + path.relative_to(package).as_posix()


def send_package_to_workers(client):
    """Workers of an existing cluster that cannot import Vigie's core get it as a zip (Client.upload_file).

    Kits and the output folder must still be readable and writable by them at the same paths.
    """
    import tempfile
    import zipfile

    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
    except TimeoutError as error:
        raise BatchError(f"no worker joined the scheduler within {WAIT_FOR_WORKERS_S} s: start dask workers") from error
    # A lambda, so that Dask sends the function itself (a named one would be looked up in vigie on the worker).
    found = client.run(lambda: __import__("importlib").util.find_spec("vigie") is not None)
    if all(found.values()):
        return
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "vigie_core.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as stream:
            for path, name in _core_files():
                stream.write(path, name)
        client.upload_file(str(archive))


def _check_kits(kits):
    paths = [Path(kit) for kit in kits]
    names = [kit_name(path) for path in paths]
    if not paths:
        raise BatchError("give at least one kit (a GeoPackage written by vigie:fetchterritory)")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise BatchError(f"several kits are named {', '.join(duplicates)}: their results would overwrite each other")
    return paths


def run_batch(
    kits,
    folder,
    categories=None,
    workers=None,
    scheduler=None,
    options=None,
    retries=2,
    progress=None,
    client=None,
):
    """Run every (kit, category) not already written in ``folder``; returns the summary rows (also in summary.csv).

    categories: BPE codes (None = INSEE's basket). progress(done, total, failed): called as tasks
    finish. ``client``: an existing Dask client (then neither ``workers`` nor ``scheduler`` is used).
    """
    from ...__about__ import __version__

    paths = _check_kits(kits)
    options = dataclasses.replace(options or Options(), version=__version__)
    basket = resolve_basket(categories)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    rows, pending = {}, []
    for path in paths:
        reused = _reused_rows(folder, path, basket, options)
        if reused is not None:
            rows.update(reused)
        else:
            pending.append(path)
    pending = biggest_first(pending)

    owned_cluster = None
    if pending and client is None:
        client, owned_cluster = start_client(workers, scheduler)
    try:
        if pending:
            _run_on_dask(client, pending, folder, basket, options, retries, rows, progress)
    finally:
        if owned_cluster is not None:
            client.close()
            owned_cluster.close()
    summary = list(rows.values())
    output.write_summary(folder, summary)
    return summary


def biggest_first(paths) -> list:
    """Kits by decreasing file size (mostly their roads): Dask starts tasks in the order they are
    submitted, so the longest kits start first and the run does not end on one big kit computed
    alone while the other workers wait (longest processing time first)."""
    return sorted(paths, key=lambda path: os.stat(path).st_size, reverse=True)


def _reused(row):
    """A row from an earlier run: ``skipped`` (absent categories stay ``absent``)."""
    return row if row.get("status") == output.ABSENT else {**row, "status": output.SKIPPED}


def _reused_rows(folder, path, basket, options):
    """Summary rows of a kit already complete in ``folder``, else None."""
    if not output.kit_output_complete(folder, path, basket.category_ids, options.stamp()):
        return None
    reused = {}
    for category in basket.category_ids:
        row, _, _ = output.read_part(folder, path, category, options.stamp())
        reused[(row["kit"], category)] = _reused(row)
    return reused


def _worker_count(client) -> int:
    info = client.scheduler_info().get("workers", {})
    return max(1, sum(worker.get("nthreads", 1) for worker in info.values()))


def _run_on_dask(client, paths, folder, basket, options, retries, rows, progress):
    from distributed import as_completed

    groups_per_kit = chunk_count(len(paths), len(basket.category_ids), _worker_count(client))
    futures, meaning = [], {}
    for path in paths:
        name = kit_name(path)
        token = f"{name}-{time.time_ns()}"
        todo = []
        for category in basket.category_ids:
            part = output.read_part(folder, path, category, options.stamp())
            if part is None:
                todo.append(category)
            else:
                rows[(name, category)] = _reused(part[0])
        prepared = client.submit(prepare_kit, str(path), str(folder), key=f"prepare-{token}", retries=retries)
        meaning[prepared.key] = ("prepare", name, None)
        futures.append(prepared)
        group_futures = []
        for index, group in enumerate(chunks(todo, groups_per_kit) if todo else []):
            future = client.submit(
                categories_task,
                prepared,
                str(path),
                str(folder),
                group,
                basket,
                options,
                key=f"categories-{token}-{index}",
                retries=retries,
            )
            meaning[future.key] = ("categories", name, group)
            group_futures.append(future)
            futures.append(future)
        written = client.submit(
            write_kit_task,
            str(path),
            str(folder),
            basket,
            options,
            *group_futures,
            key=f"write-{token}",
            retries=retries,
        )
        meaning[written.key] = ("write", name, None)
        futures.append(written)

    failed = 0
    total = len(futures)
    write_errors = {}
    for done, future in enumerate(as_completed(futures), start=1):
        kind, name, group = meaning[future.key]
        if kind == "categories":
            if future.status == "finished":
                group_rows = future.result()
            else:
                error = _error_text(future)
                group_rows = [_failure(name, category, error) for category in group]
            for row in group_rows:
                rows[(name, row["category"])] = row
                failed += row.get("status") == output.FAILED
        elif kind == "write" and future.status != "finished":
            write_errors[name] = _error_text(future)
        if progress is not None:
            progress(done, total, failed)
    for name, error in write_errors.items():
        kit_rows = [key for key in rows if key[0] == name]
        if not any(rows[key]["status"] == output.FAILED for key in kit_rows):
            # Every category was computed but the output could not be written: say so on each row.
            for key in kit_rows:
                rows[key] = {**rows[key], "status": output.FAILED, "error": f"output not written: {error}"}


def _failure(kit, category, error):
    return {"kit": kit, "category": category, "status": output.FAILED, "error": error}


def _error_text(future):
    try:
        error = future.exception()
    except Exception as reason:  # noqa: BLE001 (a cancelled future has no exception to give)
        return f"task lost: {reason}"
    return f"{type(error).__name__}: {error}"


def text_progress(stream=None):
    """A progress bar on ``stream`` (stderr): redrawn in place on a terminal, a line per 10 % elsewhere."""
    stream = stream or sys.stderr
    started = time.perf_counter()
    state = {"last_decile": -1}

    def show(done, total, failed):
        width = 30
        filled = int(width * done / max(total, 1))
        elapsed = time.perf_counter() - started
        text = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} tasks, {failed} failed, {elapsed:.0f} s"
        if stream.isatty():
            stream.write("\r" + text + ("\n" if done == total else ""))
        else:
            decile = int(10 * done / max(total, 1))
            if decile == state["last_decile"] and done != total:
                return
            state["last_decile"] = decile
            stream.write(text + "\n")
        stream.flush()

    return show
