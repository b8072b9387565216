"""Engine messages in the user's language: the Processing side of ``core/messages.py``.

Engines raise errors with a message id and parameters (``GtfsError("bad_time", file=…, count=…)``,
``SourceError("timeout", host=…, seconds=…)``) and stay free of QGIS; here each id gets its translatable
text, and numbers are written the interface's way ("53 931", "50,0"). An id without a translation, or
an error raised with a plain sentence, keeps its English text.
"""

from numbers import Number

from qgis.PyQt.QtCore import QCoreApplication

from .number_format import format_number


def tr(text):
    return QCoreApplication.translate("VigieEngineMessages", text)


def _templates():
    """Message id -> translatable template, with the parameter names of the engines' English templates."""
    return {
        # GTFS reader (core/transit/gtfs_reader.py)
        "no_service_date": tr("calendar.txt and calendar_dates.txt define no service date"),
        "date_outside": tr("the date {date} is outside the feed's calendar, valid from {first} to {last}"),
        "file_missing": tr("the GTFS file {path} does not exist"),
        "not_a_feed": tr("{name} is not a zip archive nor a folder of GTFS files"),
        "unsafe_archive": tr("{name}: {reason}"),
        "table_missing": tr("the feed has no {name} (required)"),
        "not_utf8_csv": tr("{name} cannot be read as UTF-8 CSV: {detail}"),
        "columns_missing": tr("{name} has no column {columns} (required)"),
        "bad_time": tr("{file} column {column}: '{example}' is not a time H:MM:SS ({count} such rows)"),
        "bad_date": tr("{file} column {column}: '{example}' is not a date YYYYMMDD"),
        "bad_integer": tr("{file} column {column}: '{example}' is not an integer"),
        "duplicate_id": tr("{file}: duplicate {columns} {example} ({count} rows share an id)"),
        "unknown_reference": tr("{file} column {column}: '{example}' is not in {target} ({count} rows)"),
        "no_calendar": tr("the feed has neither calendar.txt nor calendar_dates.txt: one of them is required"),
        "times_backwards": tr(
            "stop_times.txt columns arrival_time/departure_time: times go backwards in trip {trip} ({count} rows)"
        ),
        "bad_frequencies": tr("frequencies.txt columns start_time/end_time/headway_secs: empty or non-positive values"),
        "trip_end_without_time": tr(
            "stop_times.txt columns arrival_time/departure_time: the first and last stop of a trip need "
            "times (row {row} of the sorted trips is empty)"
        ),
        "times_interpolated": tr("stop_times.txt: {count} empty intermediate times interpolated"),
        # HTTP client (core/sources/http.py)
        "cancelled": tr("Cancelled by the user; nothing was written."),
        "timeout": tr("{host} did not answer within {seconds} s; try again later."),
        "retries_failed": tr("{host} kept failing after several retries; try again later."),
        "unreachable": tr("Cannot reach {host}: check the network connection and QGIS proxy settings."),
        "auth_refused": tr(
            "{host} refused the request ({status}): the API key is missing, wrong or expired. "
            "Create a QGIS authentication configuration holding the key and choose it in AUTHCFG."
        ),
        "not_found": tr("{host}: not found (404). {detail}"),
        "rate_limited": tr("{host} still limits the request rate after several retries; wait and run again."),
        "unavailable": tr("{host} is unavailable ({status}) after several retries; try again later."),
        "rejected": tr("{host} rejected the request ({status}): {detail}"),
        "web_page_not_data": tr(
            "{host} answered with a web page instead of data (maintenance or error page?): {excerpt}"
        ),
        "invalid_json": tr("{host} sent an answer that is not valid JSON (truncated or garbled): {detail}"),
        "web_page_not_file": tr("{host} answered with a web page instead of the file: {excerpt}"),
        "wrong_file_type": tr("{host} sent a file that is not of the expected type."),
        "download_short": tr("Download from {host} stopped early ({done} of {total} bytes); try again."),
        "download_interrupted": tr("Download from {host} was interrupted: try again."),
        # Archives (core/sources/archive.py)
        "not_a_zip": tr("{name} is not a valid zip archive (truncated download?)."),
        "entry_absolute": tr("The archive entry '{entry}' has an absolute path: archive refused."),
        "entry_escapes": tr("The archive entry '{entry}' escapes its folder: archive refused."),
        "entry_link": tr("The archive entry '{entry}' is a link: archive refused."),
        "entry_ratio": tr(
            "The archive entry '{entry}' inflates absurdly (implausible compression ratio): archive refused."
        ),
        "archive_too_big": tr("The archive inflates beyond {megabytes} MB: archive refused."),
        "entry_beyond_declared": tr("The archive entry '{entry}' inflates beyond its declared size: archive refused."),
        "entry_too_big": tr("The archive entry '{entry}' inflates beyond the allowed size."),
        "seven_zip_unavailable": tr("{name} is a 7z archive and nothing on this machine can open it."),
        "not_a_7z": tr("{name} is not a readable 7z archive (truncated download?)."),
        "seven_zip_extract_failed": tr("Could not extract {member} from {name} (truncated download?)."),
        "member_missing": tr("{name} has no member {member}."),
        "not_xlsx": tr("{name} is not a readable Excel workbook (.xlsx): {detail}"),
        # Territories (core/sources/geoapi.py)
        "commune_without_code": tr("A commune in the geo.api.gouv.fr answer has no code."),
        "unknown_territory_code": tr("Unknown territory code {territory}: geo.api.gouv.fr does not know it."),
        "no_commune_for_code": tr("Unknown territory code {territory}: geo.api.gouv.fr returned no commune for it."),
        "unknown_epci": tr("Unknown EPCI {epci}: geo.api.gouv.fr does not know it."),
        "epci_not_geojson": tr("The answer for EPCI {epci} is not GeoJSON."),
        "no_commune_in_admin_express": tr("Unknown territory {territory}: ADMIN EXPRESS has no commune for it."),
        # Population grid (core/sources/population.py)
        "not_a_grid_file": tr("The population file has no idcar_200m/ind columns: is it a Filosofi grid file?"),
        "cell_without_id": tr("A Filosofi cell has no usable id_inspire ({cell})."),
        "grid_member_missing": tr(
            "{name}: no {member} among the {kind}'s CSV files ({csvs}); is it INSEE's Filosofi 200 m file?"
        ),
        "no_csv_nor_7z": tr("{name} holds neither a CSV nor a 7z archive: is it INSEE's Filosofi file?"),
        "not_a_grid_archive": tr("{name}: expected a Filosofi CSV, a zip or a 7z archive."),
        "grid_no_cells": tr(
            "INSEE's 200 m grid has no cells for département {departements} "
            "(it covers metropolitan France, Martinique and La Réunion)"
        ),
        "grid_one_part": tr("Give départements of one part of France at a time (metropolitan, 972 or 974)"),
        # Other answers and files
        "cancelled_kept_layers": tr("Cancelled by the user; the layers already written are kept."),
        "not_csv": tr("{what} cannot be read as CSV: {detail}"),
        "bpe_columns_missing": tr("The BPE file lacks the columns {columns}: is it a geolocated BPE file?"),
        "bpe_no_epci": tr("This BPE edition has no EPCI column: give the EPCI's communes instead."),
        "caf_no_results": tr("The data.caf.fr answer for {dataset} has no 'results' list."),
        "geocoder_not_csv": tr("The geocoder's answer is not the expected CSV (no latitude/longitude columns)."),
        "geometry_malformed": tr("A geometry in the answer is malformed: {detail}"),
        "geometry_unsupported": tr("Unsupported geometry type in the answer: {kind}"),
        "not_feature_collection": tr("The answer for {what} is not a GeoJSON FeatureCollection."),
        "no_feature_list": tr("The answer for {what} has no feature list."),
        "not_dataset_list": tr("The transport.data.gouv.fr answer is not a list of datasets."),
        "covered_area_bad": tr("A dataset's covered_area is neither a list nor an object."),
        "feed_no_stops": tr("{feed}: no stops.txt in this GTFS feed."),
        "stops_no_stop_id": tr("{feed}: stops.txt has no stop_id column."),
        "overpass_no_elements": tr("The Overpass answer has no 'elements' list."),
        "overpass_error": tr("Overpass stopped with an error: {remark}"),
        "sirene_no_header": tr("The API Sirene answer has no header: not a /siret response."),
        "recherche_no_results": tr("The recherche-entreprises answer has no 'results' list."),
        "recherche_result_not_object": tr("A recherche-entreprises result is not an object."),
        "wfs_error": tr("The WFS answered with an error: {detail}"),
        "wfs_not_geojson": tr("The WFS answer is not valid GeoJSON (truncated?): {detail}"),
    }


# Status codes and years are identifiers, not quantities: never grouped.
_IDENTIFIERS = {"status", "row"}


def _shown(name, value):
    if isinstance(value, bool) or not isinstance(value, Number) or name in _IDENTIFIERS:
        return value
    return format_number(value, 0 if float(value).is_integer() else 1)


def engine_message(message) -> str:
    """The text of an engine error or warning in the user's language (its English text when not coded)."""
    code = getattr(message, "code", None)
    template = _templates().get(code) if code else None
    if template is None:
        return str(message)
    params = {name: _shown(name, value) for name, value in message.params.items()}
    cause = message.__cause__ if isinstance(message, BaseException) else None
    if code == "unsafe_archive" and getattr(cause, "code", None):
        params["reason"] = engine_message(cause)
    return template.format(**params).strip()
