"""Plugin settings kept in the QGIS user profile, under the ``vigie/`` group of QgsSettings.

One place for every persistent preference, so a value has one key and one default. The user sets
them in QGIS's Options dialog, page Vigie (``settings_page.py``).
"""

import shutil
from pathlib import Path

from qgis.core import QgsApplication, QgsSettings

from .core.sources import bpe

SETTINGS_GROUP = "vigie"
ORGANISATION_KEY = "organisation"
LOGO_KEY = "logo"
CACHE_FOLDER_KEY = "cache_folder"
BPE_FILE_PATH_KEY = "bpe_file_path"


def _key(name: str) -> str:
    return f"{SETTINGS_GROUP}/{name}"


def read_setting(name: str, default=""):
    """Value stored under ``vigie/<name>``, or ``default`` when unset."""
    return QgsSettings().value(_key(name), default)


def write_setting(name: str, value) -> None:
    QgsSettings().setValue(_key(name), value)


def _text(name: str) -> str:
    value = read_setting(name, "")
    return str(value).strip() if value else ""


def default_organisation() -> str:
    """Organisation printed on Vigie maps when the user gives none (empty when never set)."""
    return _text(ORGANISATION_KEY)


def set_default_organisation(name: str) -> None:
    write_setting(ORGANISATION_KEY, (name or "").strip())


def default_logo() -> str:
    """Logo printed on Vigie maps when the layout is given none (empty when never set)."""
    return _text(LOGO_KEY)


def default_bpe_file_path() -> str:
    """Path of the BPE national file (its edition) under INSEE's site, used by default by the BPE fetchers."""
    return _text(BPE_FILE_PATH_KEY) or bpe.DEFAULT_FILE_PATH


def configured_cache_folder() -> str:
    """The cache folder the user chose (empty: the default one in the QGIS profile)."""
    return _text(CACHE_FOLDER_KEY)


def cache_folder() -> Path:
    """Vigie's cache: downloads, API answers and road graphs (``vigie/cache_folder`` overrides the default
    ``<QGIS profile>/cache/vigie``)."""
    configured = configured_cache_folder()
    folder = Path(configured) if configured else Path(QgsApplication.qgisSettingsDirPath()) / "cache" / "vigie"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_size_bytes(folder=None) -> int:
    """Bytes held by the files of the cache folder."""
    root = Path(folder) if folder else cache_folder()
    return sum(path.stat().st_size for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def clear_cache(folder=None) -> int:
    """Delete everything inside the cache folder (not the folder itself); returns the bytes freed."""
    root = Path(folder) if folder else cache_folder()
    freed = cache_size_bytes(root)
    for path in root.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return freed
