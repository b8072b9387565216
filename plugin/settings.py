"""Plugin settings kept in the QGIS user profile, under the ``vigie/`` group of QgsSettings.

One place for every persistent preference, so a value has one key and one default.
"""

from qgis.core import QgsSettings

SETTINGS_GROUP = "vigie"
ORGANISATION_KEY = "organisation"


def _key(name: str) -> str:
    return f"{SETTINGS_GROUP}/{name}"


def read_setting(name: str, default=""):
    """Value stored under ``vigie/<name>``, or ``default`` when unset."""
    return QgsSettings().value(_key(name), default)


def write_setting(name: str, value) -> None:
    QgsSettings().setValue(_key(name), value)


def default_organisation() -> str:
    """Organisation printed on Vigie maps when the user gives none (empty when never set)."""
    value = read_setting(ORGANISATION_KEY, "")
    return str(value).strip() if value else ""


def set_default_organisation(name: str) -> None:
    write_setting(ORGANISATION_KEY, (name or "").strip())
