"""Plugin identity read from metadata.txt, so the version has a single source."""

from configparser import ConfigParser
from pathlib import Path

PLUGIN_ROOT = Path(__file__).resolve().parent.parent

_metadata = ConfigParser(interpolation=None)
_metadata.read(PLUGIN_ROOT / "metadata.txt", encoding="utf-8")

__title__ = _metadata.get("general", "name")
__version__ = _metadata.get("general", "version")
__homepage__ = _metadata.get("general", "homepage")
__tracker__ = _metadata.get("general", "tracker")

USER_AGENT = f"Vigie/{__version__} (QGIS plugin; +{__homepage__})"
