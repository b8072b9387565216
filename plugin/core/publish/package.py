"""All-or-nothing writing of a package folder or zip: nothing half-written is ever left behind.

Files are written in a hidden temporary folder beside the target; on success the folder is
renamed into place (or zipped to a temporary file renamed into place); on failure or cancel the
temporary folder is removed and the previous package, if any, is left as it was.
"""

import os
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path


def _replace_folder(staging: Path, target: Path):
    if not target.exists():
        os.replace(staging, target)
        return
    # A folder cannot be renamed over a non-empty one: move the old one aside first.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _zip_folder(staging: Path, target: Path):
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part.zip", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(staging.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(staging).as_posix())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


@contextmanager
def staged_package(target):
    """Yield a temporary folder to fill; on normal exit it becomes ``target`` (a folder, or a ``.zip``)."""
    target = Path(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.stem}.part-", dir=target.parent))
    try:
        yield staging
        if target.suffix.lower() == ".zip":
            _zip_folder(staging, target)
        else:
            os.chmod(staging, 0o777 & ~_umask())
            _replace_folder(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _umask():
    umask = os.umask(0)
    os.umask(umask)
    return umask
