"""Reading members of an untrusted zip archive without writing to disk or exhausting memory.

A GTFS zip comes from anywhere: its member names may try to escape the archive's folder
(``../``, absolute paths) and its members may inflate to gigabytes (zip bombs). Both are refused.
"""

import posixpath
import zipfile

# A national GTFS (France TER: 25 MB unzipped) is far below this; a zip bomb is far above.
MAX_TOTAL_BYTES = 2 * 1024**3
# Real text files compress 5-20x; ratios past this come from crafted archives.
MAX_COMPRESSION_RATIO = 200
_CHUNK = 1024 * 1024


class UnsafeArchiveError(ValueError):
    """The archive is refused: a member escapes its folder or inflates beyond a sane size."""


def _normalised_member_name(name: str) -> str:
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        raise UnsafeArchiveError(f"the archive member '{name}' has an absolute path")
    normalised = posixpath.normpath(cleaned)
    if normalised == ".." or normalised.startswith("../"):
        raise UnsafeArchiveError(f"the archive member '{name}' escapes the archive folder")
    return normalised


def safe_members(archive: zipfile.ZipFile, max_total_bytes: int = MAX_TOTAL_BYTES) -> dict:
    """Map normalised member name → ZipInfo after checking every member of the archive.

    Raises UnsafeArchiveError when a name escapes the archive folder, when the declared sizes
    add up beyond ``max_total_bytes`` or when a member's compression ratio is implausible.
    """
    members, total = {}, 0
    for info in archive.infolist():
        name = _normalised_member_name(info.filename)
        if info.is_dir():
            continue
        total += info.file_size
        if total > max_total_bytes:
            raise UnsafeArchiveError(f"the archive inflates beyond {max_total_bytes // 1024**2} MB: refused as unsafe")
        if info.file_size > 1024**2 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise UnsafeArchiveError(
                f"the archive member '{info.filename}' has an implausible compression ratio: refused as unsafe"
            )
        members[name] = info
    return members


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int = MAX_TOTAL_BYTES) -> bytes:
    """Bytes of one member, read in chunks and stopped if it inflates past its declared size or ``max_bytes``.

    Declared sizes are in the archive's own headers, so they are checked again while reading.
    """
    limit = min(info.file_size, max_bytes)
    chunks, read = [], 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > limit:
                raise UnsafeArchiveError(
                    f"the archive member '{info.filename}' inflates beyond its declared size: refused as unsafe"
                )
            chunks.append(chunk)
    return b"".join(chunks)
