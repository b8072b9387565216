"""Which licence a published package must carry, from the licences of what it was made of.

Every Vigie output records its sources as attribution lines such as
``"© OpenStreetMap contributors (ODbL)"`` or ``"INSEE Filosofi 2019 (Licence Ouverte)"``
(see ``plugin/provenance.py``). A database derived from an ODbL source must itself be shared
under the ODbL (ODbL 1.0, §4.4 "Share alike"): such a package is never published under the
Licence Ouverte alone, whatever the user asked for.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    identifier: str  # SPDX identifier where one exists
    name: str
    name_fr: str
    url: str


LICENCE_OUVERTE = Licence(
    "etalab-2.0",
    "Licence Ouverte / Open Licence 2.0 (Etalab)",
    "Licence Ouverte / Open Licence version 2.0 (Etalab)",
    "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
)
ODBL = Licence(
    "ODbL-1.0",
    "Open Database License (ODbL) 1.0",
    "Open Database License (ODbL) version 1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/",
)
# The order of the LICENCE parameter of vigie:publish: a contract, append only.
LICENCE_CHOICES = (LICENCE_OUVERTE, ODBL)

_IN_PARENTHESES = re.compile(r"\(([^()]*)\)\s*$")


def source_licence(attribution: str):
    """The Licence named at the end of an attribution line, or None when it names none we know."""
    match = _IN_PARENTHESES.search(attribution or "")
    text = (match.group(1) if match else attribution or "").lower()
    if "odbl" in text or "open database" in text:
        return ODBL
    if "licence ouverte" in text or "open licence" in text or "etalab" in text:
        return LICENCE_OUVERTE
    return None


# What plugin/provenance.unstated_attribution appends to a source nobody stated a licence for, per
# language (its French translation in i18n/vigie_fr.ts must match). A document printed in one language
# rewrites the words a QGIS in another language wrote.
UNSTATED_LICENCE = {"en": " — licence not stated", "fr": " — licence non précisée"}


def is_unstated(attribution: str) -> bool:
    """True when the line already says that its licence is not stated (in any language)."""
    return any((attribution or "").endswith(words) for words in UNSTATED_LICENCE.values())


def unstated_in(attribution: str, language: str) -> str:
    """The line with its "licence not stated" words in ``language`` ("fr", else English); others unchanged."""
    printed = UNSTATED_LICENCE["fr" if (language or "").lower().startswith("fr") else "en"]
    for words in UNSTATED_LICENCE.values():
        if (attribution or "").endswith(words):
            return attribution[: -len(words)] + printed
    return attribution


def is_share_alike(attribution: str) -> bool:
    return source_licence(attribution) is ODBL


@dataclass(frozen=True)
class LicenceDecision:
    licence: Licence
    # Attribution lines that forced the ODbL (empty when the requested licence was kept).
    share_alike_sources: tuple
    # Attribution lines whose licence is not stated: the publisher must check them.
    unknown_sources: tuple

    @property
    def forced(self):
        return bool(self.share_alike_sources)


def package_licence(attributions, requested: Licence = LICENCE_OUVERTE) -> LicenceDecision:
    """The licence of a package made from sources with these attribution lines.

    ODbL as soon as one source is ODbL (derived data of OpenStreetMap, SNCF GTFS…), else the
    requested licence.
    """
    share_alike = tuple(line for line in attributions if is_share_alike(line))
    unknown = tuple(line for line in attributions if source_licence(line) is None)
    return LicenceDecision(ODBL if share_alike else requested, share_alike, unknown)
