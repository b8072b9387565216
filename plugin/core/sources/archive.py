"""Zip archives from the network, opened safely: no entry may escape its folder or inflate absurdly."""

import os
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .errors import PayloadError, UnsafeArchiveError
from .files import atomic_output

MAX_RATIO = 200  # uncompressed / compressed; CSV compresses about 10:1, bombs 1000:1
MAX_TOTAL_BYTES = 20 * 1024**3


def _is_link(info):
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def check_members(archive: zipfile.ZipFile, max_ratio=MAX_RATIO, max_total=MAX_TOTAL_BYTES):
    """Raise UnsafeArchiveError if any entry is absolute, climbs out with '..', is a link or inflates absurdly."""
    total = 0
    for info in archive.infolist():
        name = info.filename.replace("\\", "/")
        path = PurePosixPath(name)
        if name.startswith("/") or ".." in path.parts or (path.parts and path.parts[0].endswith(":")):
            raise UnsafeArchiveError(f"The archive entry '{info.filename}' escapes its folder: archive refused.")
        if _is_link(info):
            raise UnsafeArchiveError(f"The archive entry '{info.filename}' is a link: archive refused.")
        if info.file_size > max(info.compress_size, 1) * max_ratio and info.file_size > 1 << 20:
            raise UnsafeArchiveError(f"The archive entry '{info.filename}' inflates absurdly: archive refused.")
        total += info.file_size
    if total > max_total:
        raise UnsafeArchiveError("The archive would inflate beyond the allowed size: archive refused.")


def open_zip(path):
    """A checked ZipFile; a file that is not a zip raises PayloadError."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise PayloadError(f"{Path(path).name} is not a valid zip archive (truncated download?).") from error
    try:
        check_members(archive)
    except UnsafeArchiveError:
        archive.close()
        raise
    return archive


def find_member(archive: zipfile.ZipFile, basename, suffix=False):
    """Name of the entry whose file name is ``basename`` (case-insensitive; or ends with it if ``suffix``)."""
    wanted = basename.lower()
    for name in archive.namelist():
        leaf = PurePosixPath(name).name.lower()
        if leaf == wanted or (suffix and leaf.endswith(wanted)):
            return name
    return None


def extract_member(zip_path, member_name, destination, max_bytes=MAX_TOTAL_BYTES):
    """Extract one entry to ``destination`` (temp file renamed at the end), counting real inflated bytes."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with open_zip(zip_path) as archive, atomic_output(destination) as handle, archive.open(member_name) as source:
        written = 0
        while True:
            block = source.read(1 << 20)
            if not block:
                break
            written += len(block)
            if written > max_bytes:
                raise UnsafeArchiveError(f"The archive entry '{member_name}' inflates beyond the allowed size.")
            handle.write(block)
    return destination


def safe_extract_all(zip_path, folder):
    """Extract every entry under ``folder`` after checking them all; on failure nothing is left in ``folder``."""
    folder = Path(folder)
    with open_zip(zip_path) as archive:
        staging = Path(tempfile.mkdtemp(dir=folder.parent if folder.parent.exists() else None, prefix=".extract-"))
        try:
            root = staging.resolve()
            for info in archive.infolist():
                target = (staging / info.filename).resolve()
                if root not in target.parents and target != root:
                    raise UnsafeArchiveError(
                        f"The archive entry '{info.filename}' escapes its folder: archive refused."
                    )
                archive.extract(info, staging)
            if folder.exists():
                shutil.rmtree(folder)
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return folder
