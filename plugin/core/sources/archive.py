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
        raise SevenZipUnavailableError(f"{Path(path).name} is a 7z archive and nothing on this machine can open it.")
    output = subprocess.run([command, "l", "-slt", "-ba", str(path)], capture_output=True, text=True, check=False)
    if output.returncode != 0:
        raise PayloadError(f"{Path(path).name} is not a readable 7z archive (truncated download?).")
    return [line[7:].strip() for line in output.stdout.splitlines() if line.startswith("Path = ")]


def extract_7z_member(path, member, destination):
    """Extract one member of a 7z archive to ``destination`` (atomically); checks the name stays inside."""
    import subprocess  # noqa: PLC0415

    parts = PurePosixPath(member.replace("\\", "/")).parts
    if member.startswith("/") or ".." in parts:
        raise UnsafeArchiveError(f"The archive entry '{member}' escapes its folder: archive refused.")
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
                raise SevenZipUnavailableError(
                    f"{Path(path).name} is a 7z archive and nothing on this machine can open it."
                )
            result = subprocess.run(
                [command, "x", "-y", f"-o{staging}", str(path), member], capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise PayloadError(f"Could not extract {member} from {Path(path).name} (truncated download?).")
        extracted = staging / member
        if not extracted.is_file():
            raise PayloadError(f"{Path(path).name} has no member {member}.")
        os.replace(extracted, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return destination
