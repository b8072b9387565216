"""One safe write path for every Vigie output file: a temporary twin beside the target, checked, then renamed.

Not an algorithm module (the provider skips modules without a VigieAlgorithm subclass). The base class
uses it; algorithms only call ``self.parameterAsSink`` / ``self.parameterAsFileOutput`` as usual::

    final = output_file_target(value)           # a plain local file path, or None (memory:, TEMPORARY_OUTPUT, URIs…)
    remove_stale_twins(final)                   # leftovers of killed runs (dead process ids only)
    twin = temporary_twin(final)                # <folder>/<stem>-vigie-tmp-<pid>-<token><suffix>
    ... write twin ...
    problem = vector_problem(twin, layer_name, expected_features)   # None when the file is sound
    commit_twin(twin, final)                    # atomic os.replace of the file and its sidecars
    discard_twin(twin)                          # on failure or cancel: the target is never touched

SIGTERM (``kill``, a batch manager or Dask stopping a worker) or SIGINT (Ctrl-C) during a run removes
the twins, then the signal goes on as before (``TwinsRemovedOnTerminate``): the process dies of SIGTERM,
Ctrl-C raises KeyboardInterrupt; SIGKILL cannot be caught: its twin is removed by the next run writing
the same target (``remove_stale_twins``).

Same folder, so ``os.replace`` is atomic: readers see the earlier file or the new one, never half a file.
"""

import contextlib
import errno
import os
import re
import secrets
import shutil
import signal
import sqlite3
import threading
from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication

TWIN_MARK = "-vigie-tmp-"
_TWIN_NAME = re.compile(re.escape(TWIN_MARK) + r"(\d+)-[0-9a-f]+")
# GDAL/OGR and SQLite phrases -> the cause said to the user (English; the algorithm translates its frame).
_CAUSES = (
    ("disk is full", "the disk is full"),
    ("no space left", "the disk is full"),
    ("file too large", "the file system refuses a file this large (disk full or size limit)"),
    ("too many columns", "too many fields for a GeoPackage (SQLite allows at most 2000 columns)"),
    ("read-only", "the folder or file is read-only"),
    ("readonly", "the folder or file is read-only"),
    ("permission denied", "permission denied"),
    ("disk i/o error", "a disk input/output error (disk full or removed?)"),
)
GEOPACKAGE_MAX_COLUMNS = 2000
# Less free space than this beside a file that failed its check: say the disk is full.
LOW_SPACE_BYTES = 4 * 1024 * 1024


def output_file_target(value):
    """The local file an output value names, or None when QGIS must handle it itself.

    ``value`` is the evaluated destination string. Left to QGIS: empty, TEMPORARY_OUTPUT, provider URIs
    (``memory:``, ``ogr:``, ``postgres:``…), ``|layername=`` destinations and folders.
    """
    if not isinstance(value, str) or not value or value == "TEMPORARY_OUTPUT" or "|" in value:
        return None
    if re.match(r"^[A-Za-z][A-Za-z0-9_]+:", value):
        return None
    path = Path(value)
    if not path.suffix or path.is_dir():
        return None
    return path.absolute()


def temporary_twin(final: Path) -> Path:
    """A fresh temporary file name beside ``final``, same suffix (drivers pick the format by it), no extra dot."""
    stem = final.stem.replace(".", "_")
    return final.with_name(f"{stem}{TWIN_MARK}{os.getpid()}-{secrets.token_hex(4)}{final.suffix}")


def twin_family(twin: Path):
    """The twin and its sidecars (journal, WAL, .qmd, shapefile parts…): files whose name starts with its stem."""
    if not twin.parent.is_dir():
        return []
    base = twin.stem
    return sorted(p for p in twin.parent.iterdir() if p.name.startswith(base) and p.name[len(base) :][:1] in ".-")


def discard_twin(twin: Path):
    """Remove a twin and its sidecars; errors are ignored (nothing of the user's is touched)."""
    for path in twin_family(twin):
        try:
            path.unlink()
        except OSError:
            pass


def remove_stale_twins(final: Path):
    """Remove twins of ``final`` left by runs whose process is gone (killed, crashed). Returns how many files."""
    stem = final.stem.replace(".", "_") + TWIN_MARK
    removed = 0
    if not final.parent.is_dir():
        return 0
    for path in final.parent.iterdir():
        if not path.name.startswith(stem):
            continue
        match = _TWIN_NAME.search(path.name)
        if match is None or _process_alive(int(match.group(1))):
            continue
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process holds no twin of a finished run: an earlier run of ours left it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


# Ctrl-C too: Python's own SIGINT handler raises KeyboardInterrupt, which QGIS turns into a failed run
# before the base class could remove the twins of a sink still open in the interrupted frame.
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class TwinsRemovedOnTerminate(contextlib.AbstractContextManager):
    """While a run writes its twins: on SIGTERM or SIGINT remove them, then let the signal act as before.

    After the twins are gone the earlier handler gets the signal again: the default one ends the
    process (SIGTERM), Python's raises KeyboardInterrupt (Ctrl-C). A signal the process ignores (a
    background job's SIGINT) stays ignored. ``current_twins`` returns the twins of the run when the
    signal comes. Only in the main thread, where Python runs its signal handlers (qgis_process,
    scripts); QGIS desktop runs algorithms in a worker thread and stops them by cancelling. A signal
    while the twins are being renamed onto their targets waits for the renaming to end
    (``committing()``), so a target is never half-replaced with its sidecars.
    """

    def __init__(self, current_twins):
        self.current_twins = current_twins
        self.previous = {}
        self.installed = False
        self.in_commit = False
        self.deferred_signal = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            try:
                for signum in _STOP_SIGNALS:
                    if signal.getsignal(signum) is not signal.SIG_IGN:
                        self.previous[signum] = signal.signal(signum, self._on_terminate)
                self.installed = True
            except (ValueError, OSError):  # no signals here (embedded interpreter without them)
                self._restore()
                self.installed = False
        return self

    def __exit__(self, *exc_info):
        self._restore()
        return False

    @contextlib.contextmanager
    def committing(self):
        self.in_commit = True
        try:
            yield
        finally:
            self.in_commit = False
            if self.deferred_signal is not None:
                self._terminate(self.deferred_signal)

    def _on_terminate(self, signum, frame):
        if self.in_commit:
            self.deferred_signal = signum
            return
        for twin in self.current_twins():
            discard_twin(twin)
        self._terminate(signum)

    def _terminate(self, signum):
        self._restore()
        # The earlier handler: the default action ends the process, Python's SIGINT handler raises
        # KeyboardInterrupt in the main thread at its next instruction.
        os.kill(os.getpid(), signum)

    def _restore(self):
        self.installed = False
        while self.previous:
            signum, previous = self.previous.popitem()
            signal.signal(signum, previous if previous is not None else signal.SIG_DFL)


def commit_twin(twin: Path, final: Path):
    """Move the twin and its sidecars onto ``final`` (main file last, each ``os.replace`` atomic).

    A ``.qmd`` left beside ``final`` by an earlier run is removed when the new output has none, so
    old provenance never describes the new file. Raises OSError.
    """
    base = twin.stem
    members = [p for p in twin_family(twin) if p != twin]
    for member in members:
        if member.name.endswith(("-journal", "-wal", "-shm")):
            member.unlink()  # no connection is open any more: these are empty leftovers
            continue
        os.replace(member, final.with_name(final.stem + member.name[len(base) :]))
    if not any(m.suffix == ".qmd" for m in members):
        stale_sidecar = final.with_suffix(".qmd")
        if stale_sidecar.exists() and final.suffix.lower() != ".qmd":
            stale_sidecar.unlink()
    os.replace(twin, final)


def cause_of(message) -> str:
    """A short, user-facing cause from a GDAL/OGR/SQLite/OS error text ('' when nothing is recognised)."""
    text = str(message or "").lower()
    for phrase, cause in _CAUSES:
        if phrase in text:
            return cause
    return ""


def translated_cause(cause: str) -> str:
    """A cause of this module in the user's language (other texts, e.g. GDAL's own, unchanged)."""
    translate = QCoreApplication.translate
    known = {
        "the disk is full": translate("VigieOutputs", "the disk is full"),
        "the file system refuses a file this large (disk full or size limit)": translate(
            "VigieOutputs", "the file system refuses a file this large (disk full or size limit)"
        ),
        "too many fields for a GeoPackage (SQLite allows at most 2000 columns)": translate(
            "VigieOutputs", "too many fields for a GeoPackage (SQLite allows at most 2000 columns)"
        ),
        "the folder or file is read-only": translate("VigieOutputs", "the folder or file is read-only"),
        "the folder or file is read-only or not writable": translate(
            "VigieOutputs", "the folder or file is read-only or not writable"
        ),
        "permission denied": translate("VigieOutputs", "permission denied"),
        "a disk input/output error (disk full or removed?)": translate(
            "VigieOutputs", "a disk input/output error (disk full or removed?)"
        ),
        "the file was not written": translate("VigieOutputs", "the file was not written"),
        "the file cannot be read back": translate("VigieOutputs", "the file cannot be read back"),
        "the file holds no layer": translate("VigieOutputs", "the file holds no layer"),
        "the GeoPackage is damaged": translate("VigieOutputs", "the GeoPackage is damaged"),
        "the file is empty": translate("VigieOutputs", "the file is empty"),
        "the file is truncated": translate("VigieOutputs", "the file is truncated"),
        "the file is damaged": translate("VigieOutputs", "the file is damaged"),
        "the writer refused a feature": translate("VigieOutputs", "the writer refused a feature"),
    }
    if cause in known:
        return known[cause]
    composed = re.match(r"^(.*) \((.*)\)$", cause)
    if composed and composed.group(1) in known and composed.group(2) in known:
        return f"{known[composed.group(1)]} ({known[composed.group(2)]})"
    counted = re.match(r"^(\d+) features written instead of (\d+)$", cause)
    if counted:
        return translate("VigieOutputs", "{0} features written instead of {1}").format(*counted.groups())
    return cause


def with_context(problem: str, folder: Path) -> str:
    """The problem, with the likely reason when GDAL said it or the disk has (almost) no room left."""
    from osgeo import gdal

    said = cause_of(gdal.GetLastErrorMsg())
    if said and said not in problem:
        return said if problem in ("the file holds no layer", "the file was not written") else f"{problem} ({said})"
    try:
        full = shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        full = False
    if full and "disk is full" not in problem:
        return f"{problem} (the disk is full)"
    return problem


def os_error_cause(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the folder or file is read-only or not writable"
    if error.errno == errno.EFBIG:
        return "the file system refuses a file this large (disk full or size limit)"
    return error.strerror or str(error)


def vector_problem(path: Path, layer_name, expected_features):
    """None when ``path`` opens with OGR and holds ``layer_name`` (or one layer) with the expected feature count.

    Otherwise the problem in a few words (e.g. a GeoPackage whose COMMIT failed has no layer).
    """
    from osgeo import gdal, ogr

    if not path.exists() or path.stat().st_size == 0:
        return "the file was not written"
    if path.suffix.lower() == ".gpkg":
        problem = _sqlite_problem(path)
        if problem:
            return problem
    gdal.ErrorReset()
    with gdal.quiet_errors() if hasattr(gdal, "quiet_errors") else _Quiet():
        dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR)
    if dataset is None:
        return cause_of(gdal.GetLastErrorMsg()) or "the file cannot be read back"
    try:
        layer = dataset.GetLayerByName(layer_name) if layer_name else None
        if layer is None and dataset.GetLayerCount() >= 1 and not layer_name:
            layer = dataset.GetLayer(0)
        if layer is None and dataset.GetLayerCount() == 1 and path.suffix.lower() != ".gpkg":
            layer = dataset.GetLayer(0)
        if layer is None:
            return "the file holds no layer"
        if expected_features is not None:
            count = layer.GetFeatureCount()
            if count != expected_features:
                return f"{count} features written instead of {expected_features}"
    finally:
        dataset = None
    del ogr
    return None


def _sqlite_problem(path: Path):
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            status = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return cause_of(error) or f"not a readable GeoPackage ({error})"
    if not status or status[0] != "ok":
        return "the GeoPackage is damaged"
    return None


class _Quiet:
    def __enter__(self):
        from osgeo import gdal

        gdal.PushErrorHandler("CPLQuietErrorHandler")

    def __exit__(self, *exc):
        from osgeo import gdal

        gdal.PopErrorHandler()
        return False


_SIGNATURES = {
    ".pdf": (b"%PDF-", b"%%EOF"),
    ".png": (b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"),
    ".jpg": (b"\xff\xd8", b"\xff\xd9"),
    ".jpeg": (b"\xff\xd8", b"\xff\xd9"),
    ".svg": (b"", b"</svg>"),
    ".zip": (b"PK", b""),
}


def file_problem(path: Path):
    """None when a written file looks complete (PDF, PNG, JPEG, SVG, ZIP: header and trailer), else the problem."""
    if not path.exists():
        return "the file was not written"
    size = path.stat().st_size
    if size == 0:
        return "the file is empty"
    head, tail = _SIGNATURES.get(path.suffix.lower(), (b"", b""))
    with path.open("rb") as stream:
        start = stream.read(max(len(head), 1))
        stream.seek(max(0, size - 2048))
        end = stream.read()
    if head and not start.startswith(head):
        return "the file is damaged"
    if tail and tail not in end:
        return "the file is truncated"
    return None


def folder_problem(folder: Path):
    """None when files can be created in ``folder``, else why not: "missing" or the OS cause.

    A real probe file, not ``os.access``: root passes access checks on a chmod 555 folder, and a
    read-only mount or a full disk only shows when writing.
    """
    if not folder.is_dir():
        return "missing"
    probe = folder / f".vigie-write-probe-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        with probe.open("xb") as stream:
            stream.write(b"v")
    except OSError as error:
        return os_error_cause(error)
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    return None
