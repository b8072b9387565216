"""Zip archives from anywhere (downloads, GTFS feeds), opened safely: the one safe-zip module of Vigie.

No entry may be absolute, climb out of its folder with '..', be a link, inflate absurdly (zip bombs)
or inflate beyond what it declares; the same checks and limits for every caller (fetchers extracting to
disk, the GTFS reader reading members in memory).
"""

import os
import posixpath
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .errors import PayloadError, UnsafeArchiveError
from .files import atomic_output

MAX_RATIO = 200  # uncompressed / compressed; CSV compresses about 10:1, bombs 1000:1
MAX_TOTAL_BYTES = 20 * 1024**3  # what an archive may declare in all (national BPE, Filosofi files)
MAX_IN_MEMORY_BYTES = 2 * 1024**3  # a member read in memory (a national GTFS is about 25 MB)
_CHUNK = 1 << 20


def _is_link(info):
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def member_name(info) -> str:
    """The entry's name with '/' separators; UnsafeArchiveError if it is absolute, climbs out or is a link."""
    name = info.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if name.startswith("/") or (path.parts and path.parts[0].endswith(":")):
        raise UnsafeArchiveError("entry_absolute", entry=info.filename)
    if ".." in path.parts:
        raise UnsafeArchiveError("entry_escapes", entry=info.filename)
    if _is_link(info):
        raise UnsafeArchiveError("entry_link", entry=info.filename)
    return posixpath.normpath(name)


def check_members(archive: zipfile.ZipFile, max_ratio=MAX_RATIO, max_total=MAX_TOTAL_BYTES) -> dict:
    """Map entry name -> ZipInfo of the files of an archive, after checking every entry.

    Raises UnsafeArchiveError if any entry is absolute, climbs out with '..', is a link, inflates absurdly
    (compression ratio beyond ``max_ratio``) or if the entries add up beyond ``max_total`` bytes.
    """
    members, total = {}, 0
    for info in archive.infolist():
        name = member_name(info)
        if info.file_size > max(info.compress_size, 1) * max_ratio and info.file_size > 1 << 20:
            raise UnsafeArchiveError("entry_ratio", entry=info.filename)
        total += info.file_size
        if total > max_total:
            raise UnsafeArchiveError("archive_too_big", megabytes=max_total // 1024**2)
        if not info.is_dir():
            members[name] = info
    return members


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes=MAX_IN_MEMORY_BYTES) -> bytes:
    """Bytes of one checked entry, read in chunks and stopped if it inflates past its declared size or
    ``max_bytes`` (declared sizes are the archive's own word: they are checked again while reading)."""
    limit = min(info.file_size, max_bytes)
    chunks, read = [], 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > limit:
                raise UnsafeArchiveError("entry_beyond_declared", entry=info.filename)
            chunks.append(chunk)
    return b"".join(chunks)


def open_zip(path):
    """A checked ZipFile; a file that is not a zip raises PayloadError."""
    return open_zip_members(path)[0]


def open_zip_members(path):
    """(checked ZipFile, its map entry name -> ZipInfo from ``check_members``); PayloadError if not a zip."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise PayloadError("not_a_zip", name=Path(path).name) from error
    try:
        members = check_members(archive)
    except UnsafeArchiveError:
        archive.close()
        raise
    return archive, members


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
                raise UnsafeArchiveError("entry_too_big", entry=member_name)
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
                    raise UnsafeArchiveError("entry_escapes", entry=info.filename)
                archive.extract(info, staging)
            if folder.exists():
                shutil.rmtree(folder)
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return folder


# -- 7z archives (INSEE's national Filosofi file is a zip holding one .7z) ----------------------------


class SevenZipUnavailableError(PayloadError):
    """Nothing on this machine can open a 7z archive (no GDAL /vsi7z/, no py7zr, no 7z command)."""


def _gdal_vsi7z():
    try:
        from osgeo import gdal  # noqa: PLC0415 - optional: GDAL ships with QGIS, not with plain Python

        if int(gdal.VersionInfo()) >= 3070000:  # /vsi7z/ appeared in GDAL 3.7
            return gdal
    except ImportError:
        pass
    return None


def _py7zr():
    try:
        import py7zr  # noqa: PLC0415 - optional pure-Python reader

        return py7zr
    except ImportError:
        return None


def _seven_zip_command():
    return next((shutil.which(name) for name in ("7z", "7za", "7zr") if shutil.which(name)), None)


def seven_zip_reader():
    """Name of the 7z reader available here ('gdal', 'py7zr', or the command's path), or None."""
    if _gdal_vsi7z() is not None:
        return "gdal"
    if _py7zr() is not None:
        return "py7zr"
    return _seven_zip_command()


def list_7z(path):
    """Member names of a 7z archive; SevenZipUnavailableError when nothing here reads 7z."""
    import subprocess  # noqa: PLC0415

    gdal = _gdal_vsi7z()
    if gdal is not None:
        return [name for name in (gdal.ReadDirRecursive(f"/vsi7z/{path}") or []) if not name.endswith("/")]
    py7zr = _py7zr()
    if py7zr is not None:
        with py7zr.SevenZipFile(path, "r") as archive:
            return archive.getnames()
    command = _seven_zip_command()
    if command is None:
        raise SevenZipUnavailableError("seven_zip_unavailable", name=Path(path).name)
    output = subprocess.run([command, "l", "-slt", "-ba", str(path)], capture_output=True, text=True, check=False)
    if output.returncode != 0:
        raise PayloadError("not_a_7z", name=Path(path).name)
    return [line[7:].strip() for line in output.stdout.splitlines() if line.startswith("Path = ")]


def extract_7z_member(path, member, destination):
    """Extract one member of a 7z archive to ``destination`` (atomically); checks the name stays inside."""
    import subprocess  # noqa: PLC0415

    parts = PurePosixPath(member.replace("\\", "/")).parts
    if member.startswith("/") or ".." in parts:
        raise UnsafeArchiveError("entry_escapes", entry=member)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    gdal = _gdal_vsi7z()
    if gdal is not None:
        with atomic_output(destination) as handle:
            source = gdal.VSIFOpenL(f"/vsi7z/{path}/{member}", "rb")
            try:
                while block := gdal.VSIFReadL(1, 1 << 20, source):
                    handle.write(block)
            finally:
                gdal.VSIFCloseL(source)
        return destination
    staging = Path(tempfile.mkdtemp(dir=destination.parent, prefix=".7z-"))
    try:
        py7zr = _py7zr()
        if py7zr is not None:
            with py7zr.SevenZipFile(path, "r") as archive:
                archive.extract(path=staging, targets=[member])
        else:
            command = _seven_zip_command()
            if command is None:
                raise SevenZipUnavailableError("seven_zip_unavailable", name=Path(path).name)
            result = subprocess.run(
                [command, "x", "-y", f"-o{staging}", str(path), member], capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise PayloadError("seven_zip_extract_failed", member=member, name=Path(path).name)
        extracted = staging / member
        if not extracted.is_file():
            raise PayloadError("member_missing", name=Path(path).name, member=member)
        os.replace(extracted, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return destination
