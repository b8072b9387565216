"""Faults while writing: disk full, a writer failing at commit, cancel at 10/50/90 %, SIGKILL of qgis_process.

After every fault, OUTPUT is byte-identical to the file an earlier run left (or absent), no temporary
twin remains, and the failure is a QgsProcessingException naming OUTPUT and its cause.
"""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import shared_path
from test_faults_bad_input import CELLS, COMMUNES, ROADS, base_parameters

REPO_ROOT = Path(__file__).resolve().parents[2]
WRAPPER = REPO_ROOT / "scripts" / "qgis_process.sh"
EARLIER = b"an earlier result the user wants to keep\n" * 50


def twins(folder):
    return sorted(p.name for p in Path(folder).iterdir() if "-vigie-tmp-" in p.name)


def with_earlier_output(parameters, folder, name="OUTPUT", suffix=".gpkg"):
    target = Path(folder) / f"earlier{suffix}"
    target.write_bytes(EARLIER)
    parameters[name] = str(target)
    return target


# -- disk full --------------------------------------------------------------------------------------


@pytest.fixture
def nearly_full_disk(tmp_path):
    """A tmpfs with about 120 KB free (root only; skipped where mounting is not allowed)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root here (the qgis_process RLIMIT_FSIZE test covers the rest)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    try:
        filler = folder / "filler"
        free = shutil.disk_usage(folder).free
        filler.write_bytes(b"\0" * max(0, free - 120 * 1024 - len(EARLIER)))
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize(
    "algorithm_id, output_name, suffix",
    [
        ("vigie:roadtraveltime", "OUTPUT", ".gpkg"),
        ("vigie:coverage", "OUTPUT", ".gpkg"),
        ("vigie:isochrones", "OUTPUT", ".gpkg"),
        ("vigie:gtfsstops", "OUTPUT", ".gpkg"),
        ("vigie:maplayout", "OUTPUT_PDF", ".pdf"),
    ],
)
def test_full_disk_fails_naming_output_and_keeps_the_earlier_file(
    run_alg, tmp_path, nearly_full_disk, algorithm_id, output_name, suffix
):
    from qgis.core import QgsProcessingException

    parameters = base_parameters(algorithm_id, tmp_path)
    target = with_earlier_output(parameters, nearly_full_disk, output_name, suffix)
    with pytest.raises(QgsProcessingException) as error:
        run_alg(algorithm_id, parameters)
    message = str(error.value)
    assert output_name in message, message
    assert "full" in message or "large" in message or "Could not create" in message, message
    assert target.read_bytes() == EARLIER
    assert twins(nearly_full_disk) == []


def test_a_writer_failing_at_commit_raises_and_leaves_nothing(run_alg, tmp_path, monkeypatch):
    """The GDAL writer refusing features after 1000 (as "COMMIT failed: database or disk is full")."""
    from qgis.core import QgsFeatureSink, QgsProcessingAlgorithm, QgsProcessingException

    class FailingSink(QgsFeatureSink):
        def __init__(self, sink):
            super().__init__()
            self.sink, self.count = sink, 0

        def addFeatures(self, features, flags=None):  # noqa: N802
            self.count += len(features)
            if self.count > 1000:
                return False
            return self.sink.addFeatures(features)

        def addFeature(self, feature, flags=None):  # noqa: N802
            return self.addFeatures([feature])

        def lastError(self):  # noqa: N802
            return "COMMIT failed: database or disk is full"

    real = QgsProcessingAlgorithm.parameterAsSink

    def failing(self, *args, **kwargs):
        sink, dest_id = real(self, *args, **kwargs)
        return (FailingSink(sink) if sink is not None else None), dest_id

    monkeypatch.setattr(QgsProcessingAlgorithm, "parameterAsSink", failing)
    parameters = base_parameters("vigie:roadtraveltime", tmp_path)
    target = with_earlier_output(parameters, tmp_path)
    with pytest.raises(QgsProcessingException, match="OUTPUT was not written: the disk is full"):
        run_alg("vigie:roadtraveltime", parameters)
    assert target.read_bytes() == EARLIER
    assert twins(tmp_path) == []


def test_too_many_fields_for_a_geopackage_is_refused(run_alg, tmp_path):
    """SQLite's column limit made an unreadable GeoPackage with exit 0: now refused, naming OUTPUT."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsProcessingException, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    layer = QgsVectorLayer("Point?crs=EPSG:2154", "wide", "memory")
    layer.dataProvider().addAttributes([QgsField(f"f{i}", QVariant.Int) for i in range(2100)])
    layer.updateFields()
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("POINT(944500 6396500)"))  # in Gap
    layer.dataProvider().addFeatures([feature])
    from vigie.processing_algorithms import safe_output

    assert layer.fields().count() > safe_output.GEOPACKAGE_MAX_COLUMNS
    parameters = base_parameters("vigie:roadtraveltime", tmp_path)
    parameters["ORIGINS"] = layer
    target = with_earlier_output(parameters, tmp_path)
    with pytest.raises(QgsProcessingException, match="OUTPUT cannot be written: 2105 fields"):
        run_alg("vigie:roadtraveltime", parameters)
    assert target.read_bytes() == EARLIER
    assert twins(tmp_path) == []


# -- cancel -----------------------------------------------------------------------------------------


def _cancelling_at(percent):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda progress: feedback.cancel() if progress >= percent else None)
    return feedback


@pytest.mark.parametrize("percent", [10, 50, 90])
@pytest.mark.parametrize("algorithm_id", ["vigie:roadtraveltime", "vigie:isochrones", "vigie:odmatrix"])
def test_cancel_keeps_the_earlier_output_and_leaves_no_twin(run_alg, tmp_path, algorithm_id, percent):
    parameters = base_parameters(algorithm_id, tmp_path)
    target = with_earlier_output(parameters, tmp_path)
    feedback = _cancelling_at(percent)
    results = run_alg(algorithm_id, parameters, feedback)
    assert feedback.isCanceled()
    assert not results.get("OUTPUT")
    assert target.read_bytes() == EARLIER
    assert twins(tmp_path) == []


@pytest.mark.parametrize("algorithm_id", ["vigie:coverage", "vigie:transittraveltime"])
def test_cancel_halfway_keeps_the_earlier_output(run_alg, tmp_path, algorithm_id):
    parameters = base_parameters(algorithm_id, tmp_path)
    target = with_earlier_output(parameters, tmp_path)
    results = run_alg(algorithm_id, parameters, _cancelling_at(50))
    assert not results.get("OUTPUT")
    assert target.read_bytes() == EARLIER
    assert twins(tmp_path) == []


@pytest.mark.parametrize("percent", [50, 90])
@pytest.mark.parametrize("algorithm_id", ["vigie:servicebasket", "vigie:servicescenario", "vigie:bestlocation"])
def test_cancel_of_a_two_output_algorithm_keeps_the_earlier_output_and_writes_neither(
    run_alg, tmp_path, algorithm_id, percent
):
    """Searches per category, per state or per candidate: cancelled, neither output exists, no twin left."""
    parameters = base_parameters(algorithm_id, tmp_path)
    target = with_earlier_output(parameters, tmp_path)
    second = next(name for name in ("OUTPUT_AREAS", "OUTPUT_ORIGINS") if name in parameters)
    feedback = _cancelling_at(percent)
    results = run_alg(algorithm_id, parameters, feedback)
    assert feedback.isCanceled()
    assert not results.get("OUTPUT") and not results.get(second)
    assert target.read_bytes() == EARLIER
    assert not Path(parameters[second]).exists()
    assert twins(tmp_path) == []


# -- a finished run replaces the file atomically, with its style and provenance ------------------------


def test_success_replaces_the_earlier_file_with_layer_style_and_metadata(run_alg, tmp_path):
    from osgeo import ogr
    from qgis.core import QgsVectorLayer

    parameters = base_parameters("vigie:roadtraveltime", tmp_path)
    target = with_earlier_output(parameters, tmp_path)
    (tmp_path / "earlier.qmd").write_text("<old provenance/>", encoding="utf-8")
    results = run_alg("vigie:roadtraveltime", parameters)
    assert results["OUTPUT"] == str(target)
    dataset = ogr.Open(str(target))
    assert [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())][0] == "earlier"
    layer = dataset.GetLayerByName("earlier")
    assert layer.GetFeatureCount() == 2368
    assert dataset.GetLayerByName("layer_styles") is not None  # the style travelled with the file
    dataset = None
    loaded = QgsVectorLayer(str(target), "times", "ogr")
    assert "Road travel time" in loaded.metadata().title()
    assert not (tmp_path / "earlier.qmd").exists()  # old provenance never describes the new file
    assert twins(tmp_path) == []


def _open_handles_on(path):
    """How many file descriptors of this process point at ``path``."""
    fds = Path("/proc/self/fd")
    count = 0
    for fd in fds.iterdir():
        try:
            count += os.readlink(fd) == str(path)
        except OSError:
            pass  # closed meanwhile (the listing's own descriptor)
    return count


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux) to count open files")
def test_runs_in_a_loop_without_an_event_loop_do_not_keep_their_inputs_open(run_alg, tmp_path):
    """A script or worker calling processing.run in a loop: QGIS closes a run's inputs with deleteLater(),
    which only an event loop runs; each run used to keep every input file open (and ~5 MB a run)."""
    communes = tmp_path / "communes.geojson"
    shutil.copyfile(shared_path("data", "hautes-alpes", COMMUNES), communes)
    parameters = {**base_parameters("vigie:coverage", tmp_path), "AREAS": str(communes)}
    handles = []
    for _ in range(4):
        results = run_alg("vigie:coverage", parameters)
        assert Path(results["OUTPUT"]).is_file()
        handles.append(_open_handles_on(communes))
    assert handles[-1] <= handles[0] <= 1, handles


def test_stale_twins_of_dead_runs_are_removed_and_live_ones_kept(tmp_path):
    from vigie.processing_algorithms import safe_output

    final = tmp_path / "out.gpkg"
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"out-vigie-tmp-{dead.pid}-abcd.gpkg"
    stale_journal = tmp_path / f"out-vigie-tmp-{dead.pid}-abcd.gpkg-journal"
    live = tmp_path / f"out-vigie-tmp-{os.getppid()}-abcd.gpkg"
    other = tmp_path / "outside-vigie-tmp-1-abcd.gpkg"
    for path in (stale, stale_journal, live, other):
        path.write_bytes(b"x")
    assert safe_output.remove_stale_twins(final) == 2
    assert not stale.exists() and not stale_journal.exists()
    assert live.exists() and other.exists()


# -- SIGKILL of a qgis_process child ------------------------------------------------------------------


@pytest.fixture(scope="module")
def qgis_process_env(tmp_path_factory):
    """Environment of a fresh QGIS profile where the wrapper has enabled Vigie (done once per module)."""
    if shutil.which("qgis_process.bin") is None and shutil.which("qgis_process") is None:
        pytest.skip("qgis_process is not installed")
    home = tmp_path_factory.mktemp("qgis-home")
    env = {k: v for k, v in os.environ.items() if k not in ("QGIS_PLUGINPATH", "PYTHONPATH")}
    env.update(HOME=str(home), QGIS_CUSTOM_CONFIG_PATH=str(home / "QGIS3"), QT_QPA_PLATFORM="offscreen")
    subprocess.run([str(WRAPPER), "list"], env=env, capture_output=True, timeout=300)
    return env


def _odmatrix_command(output, cells, max_time, k=1):
    ha = shared_path("data", "hautes-alpes")
    return [
        str(WRAPPER),
        "run",
        "vigie:odmatrix",
        "--",
        f"NETWORK={ha / ROADS}",
        f"ORIGINS={ha / (CELLS if cells else COMMUNES)}",
        f"DESTINATIONS={ha / 'health-facilities-finess-2020.geojson'}",
        f"MAX_TIME={max_time}",
        f"K={k}",
        f"OUTPUT={output}",
    ]


def _start_writing_then_signal(target, env, signal_number):
    """Run odmatrix on every cell into ``target``; once its twin exists and the run goes on, send the signal.

    Every cell to every destination (K=0): the writing takes seconds after the twin appears, even on an
    idle machine, so the signal comes mid-run and not while the twin is renamed onto the target.
    """
    out_dir = target.parent
    child = subprocess.Popen(
        _odmatrix_command(target, cells=True, max_time=0, k=0),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not twins(out_dir) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert twins(out_dir), "the run never started writing"
        time.sleep(0.3)
        assert child.poll() is None, "the run ended before it could be stopped"
    finally:
        os.killpg(child.pid, signal_number)
        try:
            child.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            raise AssertionError("the run did not end within 2 minutes of the signal") from None
    return child


def test_sigkill_mid_run_keeps_the_earlier_output_and_the_next_run_cleans_up(tmp_path, qgis_process_env):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "matrix.gpkg"
    target.write_bytes(EARLIER)
    env = qgis_process_env
    _start_writing_then_signal(target, env, signal.SIGKILL)
    assert target.read_bytes() == EARLIER
    # The killed run's twin is removed by the next run writing the same target.
    done = subprocess.run(
        _odmatrix_command(target, cells=False, max_time=5), env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert twins(out_dir) == []
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"


STOP_SIGNALS = [pytest.param(signal.SIGTERM, id="sigterm"), pytest.param(signal.SIGINT, id="ctrl-c")]


@pytest.mark.parametrize("signal_number", STOP_SIGNALS)
def test_stop_signal_mid_run_keeps_the_earlier_output_and_leaves_no_twin(tmp_path, qgis_process_env, signal_number):
    """SIGTERM (kill, a batch manager stopping a worker) and Ctrl-C (SIGINT) can be caught: the run removes its
    own twin and ends as a failure, the earlier file untouched."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "matrix.gpkg"
    target.write_bytes(EARLIER)
    child = _start_writing_then_signal(target, qgis_process_env, signal_number)
    assert child.returncode != 0, "a stopped run must not report success"
    if signal_number == signal.SIGINT:
        said = child.stdout.read().decode(errors="replace")
        assert "interrupted (Ctrl-C)" in said and "Traceback" not in said, said[-2000:]
    assert target.read_bytes() == EARLIER
    assert twins(out_dir) == []  # at once, without waiting for a next run


@pytest.mark.parametrize("signal_number", STOP_SIGNALS)
def test_stop_signal_mid_run_without_an_earlier_file_leaves_nothing(tmp_path, qgis_process_env, signal_number):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "matrix.gpkg"
    child = _start_writing_then_signal(target, qgis_process_env, signal_number)
    assert child.returncode != 0
    assert sorted(p.name for p in out_dir.iterdir()) == []


def test_qgis_process_exits_non_zero_when_the_file_system_refuses_the_write(tmp_path, qgis_process_env):
    """A file-size limit (RLIMIT_FSIZE, no privilege needed) makes every write past 200 KB fail."""
    import resource

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "times.gpkg"
    target.write_bytes(EARLIER)
    ha = shared_path("data", "hautes-alpes")
    env = qgis_process_env  # the plugin is enabled already: the profile is not written under the limit

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200 * 1024, 200 * 1024))

    done = subprocess.run(
        [
            str(WRAPPER),
            "run",
            "vigie:roadtraveltime",
            "--",
            f"NETWORK={ha / ROADS}",
            f"ORIGINS={ha / CELLS}",
            f"DESTINATIONS={ha / 'health-facilities-finess-2020.geojson'}",
            f"OUTPUT={target}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
    )
    assert done.returncode != 0, done.stdout[-2000:]
    assert "OUTPUT was not written" in done.stdout + done.stderr, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert target.read_bytes() == EARLIER
    assert twins(out_dir) == []


# -- no traceback, temporary outputs, layers to load ---------------------------------------------------


@pytest.mark.parametrize(
    "error, expected",
    [
        (KeyError("speed_kmh"), ("KeyError", "speed_kmh", "log")),
        (MemoryError("std::bad_alloc"), ("Not enough memory",)),
    ],
)
def test_an_unexpected_error_is_the_algorithms_failure_without_traceback(
    run_alg, tmp_path, monkeypatch, error, expected
):
    from qgis.core import QgsProcessingException

    from vigie.processing_algorithms import road_travel_time

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(road_travel_time, "nearest_service_times", broken)
    parameters = base_parameters("vigie:roadtraveltime", tmp_path)
    target = with_earlier_output(parameters, tmp_path)
    with pytest.raises(QgsProcessingException) as raised:
        run_alg("vigie:roadtraveltime", parameters)
    message = str(raised.value)
    assert all(part in message for part in expected), message
    assert "Traceback" not in message and 'File "' not in message
    assert target.read_bytes() == EARLIER
    assert twins(tmp_path) == []


def test_temporary_output_and_layers_to_load_point_at_the_final_files(vigie_provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingOutputLayerDefinition, QgsProject, QgsVectorLayer

    parameters = base_parameters("vigie:coverage", tmp_path)
    parameters["OUTPUT"] = "TEMPORARY_OUTPUT"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    results = processing.run("vigie:coverage", parameters, context=context)
    rows = QgsVectorLayer(parameters["AREAS"], "communes", "ogr").featureCount() + 1  # + the TOTAL row
    output = results["OUTPUT"]  # a layer (memory) or a path in the processing temporary folder
    layer = output if isinstance(output, QgsVectorLayer) else QgsVectorLayer(output, "coverage", "ogr")
    assert layer.featureCount() == rows

    target = tmp_path / "loaded.gpkg"
    parameters["OUTPUT"] = QgsProcessingOutputLayerDefinition(str(target), QgsProject.instance())
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    results = processing.run("vigie:coverage", parameters, context=context)
    assert results["OUTPUT"] == str(target)
    assert list(context.layersToLoadOnCompletion()) == [str(target)]
    assert context.layerToLoadOnCompletionDetails(str(target)).postProcessor() is not None  # styled on loading
    assert QgsVectorLayer(str(target), "coverage", "ogr").featureCount() == rows
    assert twins(tmp_path) == []
