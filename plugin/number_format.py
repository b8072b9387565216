"""Numbers written the way the interface's language writes them: "53 931" and "50,0 km/h" in French,
"53,931" and "50.0 km/h" in English. Used for every number put into a message or a label."""

from .i18n import user_language

NO_BREAK_SPACE = "\u00a0"
# Thousands separator and decimal mark per interface language (others: English).
_MARKS = {"fr": (NO_BREAK_SPACE, ","), "en": (",", ".")}
_BYTE_UNITS = {"fr": ("o", "ko", "Mo", "Go", "To"), "en": ("B", "kB", "MB", "GB", "TB")}


def format_number(value, decimals=0, language=None) -> str:
    """``value`` with ``decimals`` digits after the mark and grouped thousands, in the interface's language."""
    thousands, mark = _MARKS.get((language or user_language())[:2], _MARKS["en"])
    text = f"{float(value):,.{int(decimals)}f}" if decimals else f"{round(float(value)):,d}"
    return text.replace(",", "\0").replace(".", mark).replace("\0", thousands)


def format_bytes(count, language=None) -> str:
    """A size in bytes as "1.5 MB" ("1,5 Mo" in French)."""
    language = (language or user_language())[:2]
    units = _BYTE_UNITS.get(language, _BYTE_UNITS["en"])
    size, unit = float(count), 0
    while size >= 1024 and unit < len(units) - 1:
        size, unit = size / 1024, unit + 1
    return f"{format_number(size, 0 if unit == 0 else 1, language)}{NO_BREAK_SPACE}{units[unit]}"
