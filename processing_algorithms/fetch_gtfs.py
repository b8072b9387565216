"""vigie:fetchgtfs — GTFS feeds covering a territory (transport.data.gouv.fr), downloaded and kept, with their stops.

Feeds are downloaded into a staging folder and checked (safe zip, readable stops.txt) before being
moved into FEEDS_FOLDER; a refused feed is reported and nothing of it is kept.
"""

import os
import shutil
import tempfile
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFolderDestination,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..plugin.core.sources import gtfs_catalogue
from ..plugin.core.sources.errors import PayloadError, ServiceUnavailableError
from ..plugin.engine_messages import engine_message
from .fetch_common import FetchAlgorithm, clip_rows, wgs84

FEED_FIELDS = (
    ("dataset_id", QVariant.String),
    ("dataset_title", QVariant.String),
    ("publisher", QVariant.String),
    ("licence", QVariant.String),
    ("covered_area", QVariant.String),
    ("resource_id", QVariant.String),
    ("resource_title", QVariant.String),
    ("url", QVariant.String),
    ("updated", QVariant.String),
    ("valid_from", QVariant.String),
    ("valid_to", QVariant.String),
    ("local_path", QVariant.String),
    ("status", QVariant.String),
    ("stop_count", QVariant.Int),
    ("national", QVariant.Bool),
)
STOP_FIELDS = (
    ("feed", QVariant.String),
    ("stop_id", QVariant.String),
    ("stop_name", QVariant.String),
    ("location_type", QVariant.Int),
    ("parent_station", QVariant.String),
    ("parent_name", QVariant.String),
)


def make_fields(spec):
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, kind))
    return fields


def feed_file_name(row):
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in f"{row['dataset_id']}_{row['resource_id']}")
    return f"{safe}.zip"


class FetchGtfsAlgorithm(FetchAlgorithm):
    ALGORITHM_NAME = "fetchgtfs"
    DOWNLOAD = "DOWNLOAD"
    MAX_FEEDS = "MAX_FEEDS"
    INCLUDE_NATIONAL = "INCLUDE_NATIONAL"
    FEEDS_FOLDER = "FEEDS_FOLDER"
    OUTPUT_STOPS = "OUTPUT_STOPS"

    def displayName(self):
        return self.tr("Fetch GTFS feeds and stops")

    def initAlgorithm(self, config=None):
        self.add_territory_parameters()
        self.add_parameter(
            QgsProcessingParameterBoolean(self.DOWNLOAD, self.tr("Download the feeds"), defaultValue=True),
            self.tr("Download each available GTFS feed covering the territory and build the stops layer."),
        )
        self.add_parameter(
            QgsProcessingParameterBoolean(self.INCLUDE_NATIONAL, self.tr("Include national feeds"), defaultValue=False),
            self.tr(
                "Also take the datasets declared over the whole country (covered area: pays FR), such as national "
                "coach and rail feeds. They are large; when left out, the log lists them."
            ),
            advanced=True,
        )
        self.add_number_parameter(
            self.MAX_FEEDS,
            self.tr("Maximum number of feeds"),
            20,
            self.tr("Safety limit on the feeds downloaded in one run."),
            minimum=1,
            maximum=500,
            integer=True,
            advanced=True,
        )
        self.add_base_url(gtfs_catalogue.DEFAULT_BASE_URL)
        self.add_boundaries_url()
        self.add_refresh_parameter()
        self.add_parameter(
            QgsProcessingParameterFolderDestination(self.FEEDS_FOLDER, self.tr("Folder for the GTFS feeds")),
            self.tr("The downloaded GTFS zips are kept here, ready for vigie:transittraveltime."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("GTFS feeds"), QgsProcessing.TypeVector),
            self.tr("One row per GTFS resource covering the territory: dataset, publisher, licence, URL, validity."),
        )
        self.add_parameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT_STOPS, self.tr("Stops"), QgsProcessing.TypeVectorPoint),
            self.tr("Stops and stations of the downloaded feeds (parent stations kept with their name)."),
        )

    def processAlgorithm(self, parameters, context, feedback):
        steps = QgsProcessingMultiStepFeedback(3, feedback)
        codes, layer = self.read_territory(parameters, context)
        self.require(
            bool(codes),
            self.tr("fetchgtfs needs territory codes (or a territory layer with a commune code field)."),
        )
        base_url = self.url_parameter(parameters, context)
        client = self.client(parameters, context, feedback)
        communes = self.fetch_communes(client, parameters, context, codes)
        territory_codes = set(codes.communes + codes.epcis + codes.departements)
        for commune in communes:
            territory_codes.update(
                code
                for code in (commune["code"], commune["code_epci"], commune["code_dep"], commune["code_reg"])
                if code
            )
        steps.pushInfo(self.tr("Reading the transport.data.gouv.fr catalogue"))
        datasets = self.call(gtfs_catalogue.fetch_catalogue, client, base_url)
        include_national = self.parameterAsBoolean(parameters, self.INCLUDE_NATIONAL, context)
        feeds = self.call(gtfs_catalogue.gtfs_resources, datasets, territory_codes, include_national)
        steps.pushInfo(self.tr("{0} GTFS resources cover the territory.").format(len(feeds)))
        left_out = gtfs_catalogue.national_datasets_left_out(datasets, include_national)
        if left_out:
            steps.pushInfo(
                self.tr("{0} national datasets left out (set INCLUDE_NATIONAL to add them): {1}").format(
                    len(left_out), "; ".join(f"{title} ({count} GTFS)" for title, count in left_out)
                )
            )
        steps.setCurrentStep(1)
        folder = Path(self.parameterAsString(parameters, self.FEEDS_FOLDER, context))
        stops = []
        if self.parameterAsBoolean(parameters, self.DOWNLOAD, context) and feeds:
            stops = self.call(self._download_feeds, client, feeds, folder, parameters, context, steps)
        steps.setCurrentStep(2)
        crs = self.output_crs(codes)
        to_output = QgsCoordinateTransform(wgs84(), crs, context.transformContext())
        stop_rows = []
        for stop in stops:
            geometry = QgsGeometry.fromPointXY(QgsPointXY(stop["lon"], stop["lat"]))
            geometry.transform(to_output)
            stop_rows.append((geometry, [stop.get(name) for name, _ in STOP_FIELDS]))
        if layer is not None:
            stop_rows = clip_rows(stop_rows, self.territory_geometry(None, layer, crs, context))
        feed_rows = [(None, [row.get(name) for name, _ in FEED_FIELDS]) for row in feeds]
        feeds_id = self.write_features(
            parameters,
            context,
            self.OUTPUT,
            make_fields(FEED_FIELDS),
            QgsWkbTypes.NoGeometry,
            QgsCoordinateReferenceSystem(),
            feed_rows,
        )
        stops_id = self.write_features(
            parameters, context, self.OUTPUT_STOPS, make_fields(STOP_FIELDS), QgsWkbTypes.Point, crs, stop_rows, steps
        )
        query = f"GTFS datasets whose covered_area includes {codes.as_text()} (or its EPCI, département, région)"
        query += "; national datasets (pays FR) included" if include_national else "; national datasets left out"
        self.document_output(
            feeds_id,
            context,
            self.tr("GTFS feeds"),
            self.tr("GTFS feeds covering the territory."),
            f"{base_url}/api/datasets",
            query,
            ["transport_data_gouv"],
        )
        self.document_output(
            stops_id,
            context,
            self.tr("GTFS stops"),
            self.tr("Stops of the downloaded GTFS feeds."),
            f"{base_url}/api/datasets",
            query,
            ["transport_data_gouv"],
        )
        return {self.OUTPUT: feeds_id, self.OUTPUT_STOPS: stops_id, self.FEEDS_FOLDER: str(folder)}

    def _download_feeds(self, client, feeds, folder, parameters, context, feedback):
        """Download, check and keep the feeds; fills local_path/status/stop_count of each feed row.

        A refused feed (unsafe zip, HTML page, truncated, no stops.txt, service down) is skipped with a
        warning; other errors (key, rate limit, cancel) stop the run, leaving nothing in the folder.
        """
        limit = self.parameterAsInt(parameters, self.MAX_FEEDS, context)
        available = [row for row in feeds if row["is_available"] and row["url"]]
        for row in feeds:
            row["status"] = "unavailable" if row not in available else "not downloaded (limit)"
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=".staging-"))
        stops, kept, refusals = [], [], []
        try:
            for index, row in enumerate(available[:limit]):
                if feedback.isCanceled():
                    raise QgsProcessingException(self.tr("Cancelled: nothing was written."))
                target = staging / feed_file_name(row)
                try:
                    client.download(row["url"], target, expected_magic=b"PK")
                    feed_stops, skipped = gtfs_catalogue.read_stops(target, row["dataset_title"] or row["resource_id"])
                except (PayloadError, ServiceUnavailableError) as error:
                    target.unlink(missing_ok=True)
                    row["status"] = f"refused: {error}"
                    refusals.append(engine_message(error))
                    feedback.pushWarning(self.tr("Feed {0} not kept: {1}").format(row["url"], engine_message(error)))
                    continue
                if skipped:
                    feedback.pushWarning(
                        self.tr("{0}: {1} stops without valid coordinates skipped.").format(row["url"], skipped)
                    )
                row["status"], row["stop_count"] = "downloaded", len(feed_stops)
                stops.extend(feed_stops)
                kept.append((row, target))
                feedback.setProgress(100.0 * (index + 1) / max(1, min(limit, len(available))))
            tried = min(limit, len(available))
            if tried and not kept:
                # Named by BASE_URL: the catalogue there listed these feeds (their own URLs are in the warnings).
                said = self.tr(
                    "{1}: None of the {0} GTFS feeds it lists could be used; nothing was written (the warnings "
                    "say why for each feed). First refusal: {2}"
                )
                raise QgsProcessingException(said.format(tried, self.BASE_URL, refusals[0] if refusals else ""))
            for row, target in kept:
                final = folder / target.name
                os.replace(target, final)
                row["local_path"] = str(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return stops
