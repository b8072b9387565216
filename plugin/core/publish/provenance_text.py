"""Reading back the provenance Vigie writes in a layer's metadata abstract (plugin/provenance.py).

The abstract of every Vigie output reads::

    <what the layer is>

    Method: vigie:coverage (Vigie 0.1.0)
    Date: 2026-12-07T08:00:00+01:00
    Parameters:
      THRESHOLDS = 10,20,30
    Sources:
      INSEE Filosofi 2019 (Licence Ouverte)

Parsed here into plain values so the package metadata is generated, never retyped.
"""

import re
from dataclasses import dataclass, field

_METHOD = re.compile(r"^Method:\s*(?P<method>\S+)(?:\s*\(Vigie\s+(?P<version>[^)]+)\))?\s*$")
_DATE = re.compile(r"^Date:\s*(?P<date>\S+)\s*$")


@dataclass
class Provenance:
    summary: str = ""
    method: str = ""
    version: str = ""
    date: str = ""
    parameters: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)

    @property
    def known(self):
        return bool(self.method)


def parse_provenance(abstract: str) -> Provenance:
    """Provenance of a layer from its metadata abstract; fields left empty when absent."""
    provenance = Provenance()
    summary, section = [], None
    for line in (abstract or "").splitlines():
        stripped = line.strip()
        method = _METHOD.match(stripped)
        date = _DATE.match(stripped)
        if method:
            provenance.method, provenance.version = method.group("method"), method.group("version") or ""
            section = "after"
        elif date:
            provenance.date = date.group("date")
        elif stripped == "Parameters:":
            section = "parameters"
        elif stripped == "Sources:":
            section = "sources"
        elif section == "parameters" and line.startswith("  ") and " = " in stripped:
            key, value = stripped.split(" = ", 1)
            provenance.parameters[key.strip()] = value.strip()
        elif section == "sources" and line.startswith("  ") and stripped:
            provenance.sources.append(stripped)
        elif section is None:
            summary.append(line)
    provenance.summary = "\n".join(summary).strip()
    return provenance
