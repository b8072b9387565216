"""CSV tables in two variants: French (``;`` and decimal comma) and international (``,`` and point).

Codes stay text: a value read as text from a layer (commune code ``05061``, SIREN…) is written
as is, never through a number, so its leading zeros survive. Numbers are written in full
(no thousands separator, no scientific notation) so that a spreadsheet and pandas read back
exactly the value of the layer.
"""

import csv
import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CsvVariant:
    suffix: str
    delimiter: str
    decimal: str
    encoding: str


# French spreadsheets open UTF-8 correctly only with a byte-order mark; other tools do not need it.
FRENCH = CsvVariant("", ";", ",", "utf-8-sig")
INTERNATIONAL = CsvVariant("_international", ",", ".", "utf-8")
VARIANTS = (FRENCH, INTERNATIONAL)


def format_number(value, decimal="."):
    """A number as plain decimal text: 12.5 -> "12,5" with decimal=",", 1e-07 -> "0.0000001"."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    number = float(value)
    if not math.isfinite(number):
        return ""
    if number.is_integer() and abs(number) < 1e15:
        text = str(int(number))
    else:
        text = np.format_float_positional(number, trim="-")
    return text.replace(".", decimal) if decimal != "." else text


def format_cell(value, decimal="."):
    if value is None:
        return ""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return format_number(value, decimal)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def write_csv(path, columns, rows, variant: CsvVariant):
    """Write ``rows`` (sequences in the order of ``columns``) to ``path`` in ``variant``."""
    with open(path, "w", encoding=variant.encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=variant.delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([format_cell(value, variant.decimal) for value in row])


def csv_name(stem, variant: CsvVariant):
    return f"{stem}{variant.suffix}.csv"
