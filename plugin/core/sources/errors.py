"""Typed errors of the fetchers: each says what went wrong and what the user can do about it.

Raised as ``SomeError(code, **params)`` with a code of ``SourceError.TEMPLATES`` (the QGIS side prints
it in the user's language), or with a plain English sentence.
"""

from ..messages import CodedError


class SourceError(CodedError):
    """Base of every fetcher error; ``str(error)`` is a message fit for the user."""

    TEMPLATES = {
        # HTTP client
        "cancelled": "Cancelled by the user; nothing was written.",
        "timeout": "{host} did not answer within {seconds:g} s; try again later.",
        "retries_failed": "{host} kept failing after several retries; try again later.",
        "unreachable": "Cannot reach {host}: check the network connection and QGIS proxy settings.",
        "auth_refused": (
            "{host} refused the request ({status}): the API key is missing, wrong or expired. "
            "Create a QGIS authentication configuration holding the key and choose it in AUTHCFG."
        ),
        "not_found": "{host}: not found (404). {detail}",
        "rate_limited": "{host} still limits the request rate after several retries; wait and run again.",
        "unavailable": "{host} is unavailable ({status}) after several retries; try again later.",
        "rejected": "{host} rejected the request ({status}): {detail}",
        "web_page_not_data": "{host} answered with a web page instead of data (maintenance or error page?): {excerpt}",
        "invalid_json": "{host} sent an answer that is not valid JSON (truncated or garbled): {detail}",
        "web_page_not_file": "{host} answered with a web page instead of the file: {excerpt}",
        "wrong_file_type": "{host} sent a file that is not of the expected type.",
        "download_short": "Download from {host} stopped early ({done} of {total} bytes); try again.",
        "download_interrupted": "Download from {host} was interrupted: try again.",
        # Archives
        "not_a_zip": "{name} is not a valid zip archive (truncated download?).",
        "entry_absolute": "The archive entry '{entry}' has an absolute path: archive refused.",
        "entry_escapes": "The archive entry '{entry}' escapes its folder: archive refused.",
        "entry_link": "The archive entry '{entry}' is a link: archive refused.",
        "entry_ratio": (
            "The archive entry '{entry}' inflates absurdly (implausible compression ratio): archive refused."
        ),
        "archive_too_big": "The archive inflates beyond {megabytes} MB: archive refused.",
        "entry_beyond_declared": "The archive entry '{entry}' inflates beyond its declared size: archive refused.",
        "entry_too_big": "The archive entry '{entry}' inflates beyond the allowed size.",
        "seven_zip_unavailable": "{name} is a 7z archive and nothing on this machine can open it.",
        "not_a_7z": "{name} is not a readable 7z archive (truncated download?).",
        "seven_zip_extract_failed": "Could not extract {member} from {name} (truncated download?).",
        "member_missing": "{name} has no member {member}.",
        "not_xlsx": "{name} is not a readable Excel workbook (.xlsx): {detail}",
        # Territories (geoapi.py)
        "commune_without_code": "A commune in the geo.api.gouv.fr answer has no code.",
        "unknown_territory_code": "Unknown territory code {territory}: geo.api.gouv.fr does not know it.",
        "no_commune_for_code": "Unknown territory code {territory}: geo.api.gouv.fr returned no commune for it.",
        "unknown_epci": "Unknown EPCI {epci}: geo.api.gouv.fr does not know it.",
        "epci_not_geojson": "The answer for EPCI {epci} is not GeoJSON.",
        "no_commune_in_admin_express": "Unknown territory {territory}: ADMIN EXPRESS has no commune for it.",
        # Population grid (population.py)
        "not_a_grid_file": "The population file has no idcar_200m/ind columns: is it a Filosofi grid file?",
        "cell_without_id": "A Filosofi cell has no usable id_inspire ({cell}).",
        "grid_member_missing": (
            "{name}: no {member} among the {kind}'s CSV files ({csvs}); is it INSEE's Filosofi 200 m file?"
        ),
        "no_csv_nor_7z": "{name} holds neither a CSV nor a 7z archive: is it INSEE's Filosofi file?",
        "not_a_grid_archive": "{name}: expected a Filosofi CSV, a zip or a 7z archive.",
        "grid_no_cells": (
            "INSEE's 200 m grid has no cells for département {departements} "
            "(it covers metropolitan France, Martinique and La Réunion)"
        ),
        "grid_one_part": "Give départements of one part of France at a time (metropolitan, 972 or 974)",
        # Other answers and files
        "cancelled_kept_layers": "Cancelled by the user; the layers already written are kept.",
        "not_csv": "{what} cannot be read as CSV: {detail}",
        "bpe_columns_missing": "The BPE file lacks the columns {columns}: is it a geolocated BPE file?",
        "bpe_no_epci": "This BPE edition has no EPCI column: give the EPCI's communes instead.",
        "caf_no_results": "The data.caf.fr answer for {dataset} has no 'results' list.",
        "geocoder_not_csv": "The geocoder's answer is not the expected CSV (no latitude/longitude columns).",
        "geometry_malformed": "A geometry in the answer is malformed: {detail}",
        "geometry_unsupported": "Unsupported geometry type in the answer: {kind}",
        "not_feature_collection": "The answer for {what} is not a GeoJSON FeatureCollection.",
        "no_feature_list": "The answer for {what} has no feature list.",
        "not_dataset_list": "The transport.data.gouv.fr answer is not a list of datasets.",
        "covered_area_bad": "A dataset's covered_area is neither a list nor an object.",
        "feed_no_stops": "{feed}: no stops.txt in this GTFS feed.",
        "stops_no_stop_id": "{feed}: stops.txt has no stop_id column.",
        "overpass_no_elements": "The Overpass answer has no 'elements' list.",
        "overpass_error": "Overpass stopped with an error: {remark}",
        "sirene_no_header": "The API Sirene answer has no header: not a /siret response.",
        "recherche_no_results": "The recherche-entreprises answer has no 'results' list.",
        "recherche_result_not_object": "A recherche-entreprises result is not an object.",
        "wfs_error": "The WFS answered with an error: {detail}",
        "wfs_not_geojson": "The WFS answer is not valid GeoJSON (truncated?): {detail}",
    }


class AuthError(SourceError):
    """The service refused the key (401/403) or no key was given."""


class NotFoundError(SourceError):
    """The resource or territory does not exist at that service (404 or empty answer)."""


class RequestError(SourceError):
    """The service rejected the request itself (400 and other 4xx)."""


class UnsupportedTerritoryError(RequestError):
    """The service does not serve this territory (e.g. an overseas code it does not accept); nothing was sent."""


class OutsideGridError(UnsupportedTerritoryError, ValueError):
    """INSEE's 200 m grid has no cells for these départements (still a ValueError, as it was before it had a code)."""


class IncompleteResultError(SourceError):
    """The service could not return the complete list (a cap it applies), and completing it failed."""


class RateLimitedError(SourceError):
    """Still rate limited (429) after the retries."""


class ServiceUnavailableError(SourceError):
    """The service is down, unreachable or timing out (5xx after retries, connection errors)."""


class SourceTimeoutError(ServiceUnavailableError):
    """The service did not answer within the timeout."""


class PayloadError(SourceError):
    """The answer is not what was expected: an HTML page, truncated JSON, missing columns..."""


class UnsafeArchiveError(PayloadError):
    """An archive entry escapes its folder, is a link, or inflates absurdly."""


class CancelledError(SourceError):
    """The user cancelled; nothing was written."""


def unreadable_csv(what):
    """Decorator: a CSV reader's parse errors (bad quoting, encoding, ragged rows) become PayloadError.

    ``what`` names the file for the user ("The BPE file"); other SourceErrors pass unchanged.
    """
    import functools

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            import pandas as pd

            try:
                return function(*args, **kwargs)
            except SourceError:
                raise
            except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError, ValueError) as error:
                first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                raise PayloadError("not_csv", what=what, detail=first_line) from error

        return wrapper

    return decorate
