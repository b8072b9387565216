"""vigie:publish — the diagnostic as an open-data package: GeoPackage, CSV, GeoJSON, uMap, DCAT-AP, LISEZMOI."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputFile,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..plugin.__about__ import __version__
from ..plugin.core.publish import dcat
from ..plugin.core.publish.confidentiality import MIN_HOUSEHOLDS
from ..plugin.core.publish.confidentiality import SOURCE as CONFIDENTIALITY_SOURCE
from ..plugin.core.publish.geojson import bounds, decimals_for, feature_collection
from ..plugin.core.publish.licences import LICENCE_CHOICES, package_licence, source_licence
from ..plugin.core.publish.lisezmoi import lisezmoi
from ..plugin.core.publish.package import staged_package
from ..plugin.core.publish.tables import VARIANTS, csv_name, write_csv
from ..plugin.core.publish.umap import UmapLayer, umap_document
from ..plugin.layouts.builder import legend_title
from ..plugin.layouts.report_text import method_paragraphs
from ..plugin.provenance import unstated_attribution
from ..plugin.publish_io import (
    GEOMETRY_NAMES,
    attribution_lines,
    geojson_features,
    is_table,
    layer_style,
    legend,
    provenance_of,
    published_copy,
    published_table,
    slug,
    territory_areas,
    vector_layers,
    with_saved_metadata,
    write_geopackage_layer,
)
from ..plugin.settings import default_organisation
from .base import VigieAlgorithm

GEOPACKAGE = "donnees.gpkg"
UMAP_FILE = "carte.umap"
METADATA_FILE = "metadata.json"
README_FILE = "LISEZMOI.md"
# 200 m cells and simplified commune outlines mean nothing below the metre.
RESOLUTION_M = 1.0
POPUP_FIELDS = (
    ("nom", "Commune"),
    ("name", "Nom"),
    ("area_id", "Zone"),
    ("idcar_200m", "Carreau"),
    ("time_min", "Temps d'accès (min)"),
    ("median_time_min", "Temps médian (min)"),
    ("pop_total", "Habitants"),
    ("ind", "Habitants"),
    ("dest_id", "Service le plus proche"),
)


@dataclass
class _About:
    """What the user said of the package, and the licence its sources impose."""

    title: str
    organisation: str
    contact: str
    decision: object
    attributions: list


@dataclass
class _Written:
    """What the layers gave: (layer, stem, fields, rows, files), uMap layers, GeoJSON, withheld counts."""

    described: list
    umap_layers: list
    collections: list
    masks: list


def popup_fields(names):
    lower = {name.lower(): name for name in names}
    fields = [(lower[key], label) for key, label in POPUP_FIELDS if key in lower]
    fields += [(name, f"Part à {name[9:]} min ou moins (%)") for name in names if name.lower().startswith("share_le_")]
    if not fields and names:
        fields = [(names[0], names[0])]
    return fields


class PublishAlgorithm(VigieAlgorithm):
    ALGORITHM_NAME = "publish"
    GROUP_ID = "publish"

    LAYERS = "LAYERS"
    TITLE = "TITLE"
    DESCRIPTION = "DESCRIPTION"
    ORGANISATION = "ORGANISATION"
    LICENCE = "LICENCE"
    CONTACT = "CONTACT"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    UMAP = "UMAP"
    METADATA = "METADATA"

    def displayName(self):  # noqa: N802
        return self.tr("Publish as open data (GeoPackage, CSV, uMap, DCAT-AP)")

    def flags(self):
        # Renderers are evaluated on the project's layers: stay on the main thread.
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_parameter(
            QgsProcessingParameterMultipleLayers(self.LAYERS, self.tr("Layers to publish"), QgsProcessing.TypeVector),
            self.tr(
                "Vigie outputs (travel times, coverage per commune, basket…). Each is published with its style, "
                "its provenance and its sources; counts of 200 m cells under 11 households are withheld."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.TITLE, self.tr("Title"), self.tr("Access to services")),
            self.tr('Title of the dataset, e.g. "Accès aux médecins généralistes, CC du Champsaur".'),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.DESCRIPTION, self.tr("Description"), multiLine=True, optional=True),
            self.tr(
                "What the dataset shows. Leave empty to describe the method in plain French words from the "
                "layers' provenance."
            ),
            advanced=True,
        )
        self.add_parameter(
            QgsProcessingParameterString(self.ORGANISATION, self.tr("Organisation"), optional=True),
            self.tr("Publisher of the data. Leave empty to use the organisation set in the Vigie settings."),
        )
        self.add_parameter(
            QgsProcessingParameterEnum(
                self.LICENCE,
                self.tr("Licence"),
                options=[licence.name for licence in LICENCE_CHOICES],
                defaultValue=0,
            ),
            self.tr(
                "Licence of the package. When an input is under the ODbL (OpenStreetMap roads, SNCF timetables…), "
                "the package is published under the ODbL whatever is chosen here: derived data stay ODbL."
            ),
        )
        self.add_parameter(
            QgsProcessingParameterString(self.CONTACT, self.tr("Contact"), optional=True),
            self.tr("E-mail address or web page for questions about the data."),
        )
        self.add_parameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Package folder (or .zip)")),
            self.tr(
                "Folder written with every file of the package, or a file name ending in .zip for one archive. "
                "It is written whole or not at all."
            ),
        )
        self.addOutput(QgsProcessingOutputFile(self.UMAP, self.tr("uMap map file")))
        self.addOutput(QgsProcessingOutputFile(self.METADATA, self.tr("DCAT-AP metadata")))

    # -- run ----------------------------------------------------------------------------------------

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layers = [
            with_saved_metadata(layer)
            for layer in vector_layers(self.parameterAsLayerList(parameters, self.LAYERS, context))
        ]
        self.require(layers, self.tr("No vector layer to publish: give at least one layer in LAYERS."))
        title = (self.parameterAsString(parameters, self.TITLE, context) or "").strip()
        self.require(title, self.tr("TITLE is empty: give the title of the dataset."))
        organisation = (self.parameterAsString(parameters, self.ORGANISATION, context) or "").strip()
        organisation = organisation or default_organisation()
        if not organisation:
            feedback.pushWarning(
                self.tr("No ORGANISATION given nor set in the Vigie settings: the publisher is left unnamed.")
            )
        contact = (self.parameterAsString(parameters, self.CONTACT, context) or "").strip()
        target = Path(self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context))
        if target.suffix.lower() == ".zip" and target.is_dir() and not any(target.iterdir()):
            target.rmdir()  # an empty folder a dialog made for the destination: the archive takes its place
        if str(target).startswith(QgsProcessingUtils.tempFolder()):
            target.parent.mkdir(parents=True, exist_ok=True)  # TEMPORARY_OUTPUT
        self.require(
            target.parent.is_dir(),
            self.tr("The folder of OUTPUT_FOLDER does not exist: {0}. Create it or choose another path.").format(
                target.parent
            ),
        )
        self.require(
            not (target.exists() and target.is_file() and target.suffix.lower() != ".zip"),
            self.tr("OUTPUT_FOLDER {0} is an existing file: give a folder or a name ending in .zip.").format(target),
        )

        attributions = attribution_lines(layers)
        decision = package_licence(
            attributions, LICENCE_CHOICES[self.parameterAsEnum(parameters, self.LICENCE, context)]
        )
        if decision.forced and self.parameterAsEnum(parameters, self.LICENCE, context) != LICENCE_CHOICES.index(
            decision.licence
        ):
            feedback.pushWarning(
                self.tr(
                    "The package is published under the ODbL, not {0}: it derives from ODbL data ({1}), which "
                    "must be shared alike."
                ).format(
                    LICENCE_CHOICES[self.parameterAsEnum(parameters, self.LICENCE, context)].name,
                    "; ".join(decision.share_alike_sources),
                )
            )
        unstated = unstated_attribution("")  # " — licence not stated": said once, not twice
        for line in decision.unknown_sources:
            source = line[: -len(unstated)] if line.endswith(unstated) else line
            feedback.pushWarning(
                self.tr('The licence of the source "{0}" is not stated: check it before publishing.').format(source)
            )

        steps = QgsProcessingMultiStepFeedback(len(layers) + 1, feedback)
        with staged_package(target) as folder:
            described, umap_layers, collections, masks = self._write_layers(layers, folder, context, steps)
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Canceled: no package was written."))
            steps.setCurrentStep(len(layers))
            written = _Written(described, umap_layers, collections, masks)
            about = _About(title, organisation, contact, decision, attributions)
            self._write_documents(folder, parameters, context, layers, about, written)
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Canceled: no package was written."))
        feedback.pushInfo(self.tr("Package written: {0}").format(self.shown_path(target)))
        inside_zip = target.suffix.lower() == ".zip"
        return {
            self.OUTPUT_FOLDER: str(target),
            self.UMAP: None if inside_zip else str(target / UMAP_FILE),
            self.METADATA: None if inside_zip else str(target / METADATA_FILE),
        }

    def _write_layers(self, layers, folder, context, steps):
        decimals = decimals_for(RESOLUTION_M)
        taken, described, umap_layers, collections, masks = set(), [], [], [], []
        for index, layer in enumerate(layers):
            steps.setCurrentStep(index)
            if steps.isCanceled():
                break
            stem = slug(legend_title(layer), taken)
            taken.add(stem)
            steps.pushInfo(self.tr("Publishing {0} as {1}").format(layer.name(), stem))
            names, rows, ids, mask = published_table(layer)
            if mask is not None and mask.masked_cells:
                masks.append((layer.name(), mask))
                steps.pushInfo(
                    self.tr("{0}: counts withheld in {1} of {2} cells (fewer than {3} households).").format(
                        layer.name(), mask.masked_cells, mask.cells, MIN_HOUSEHOLDS
                    )
                )
            copy = published_copy(layer, rows)
            try:
                write_geopackage_layer(layer, copy, folder / GEOPACKAGE, stem, index == 0, context)
            except OSError as error:
                raise QgsProcessingException(str(error)) from error
            for variant in VARIANTS:
                write_csv(folder / csv_name(stem, variant), names, rows, variant)
            files = [GEOPACKAGE, *(csv_name(stem, variant) for variant in VARIANTS)]
            if not is_table(layer):
                features, styles = geojson_features(layer, names, rows, ids, decimals, context, steps)
                collection = feature_collection(features, name=layer.name())
                (folder / f"{stem}.geojson").write_text(
                    json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
                )
                files.append(f"{stem}.geojson")
                collections.append(collection)
                provenance = provenance_of(layer)
                umap_layers.append(
                    UmapLayer(
                        name=legend_title(layer),
                        collection=collection,
                        feature_styles=styles,
                        style=layer_style(layer),
                        legend=legend(layer),
                        popup_fields=popup_fields(names),
                        description=provenance.summary.split("\n")[0] if provenance.summary else "",
                    )
                )
            described.append((layer, stem, names, len(rows), files))
        return described, umap_layers, collections, masks

    def _write_documents(self, folder, parameters, context, layers, about, written):
        title, organisation, contact = about.title, about.organisation, about.contact
        decision, attributions = about.decision, about.attributions
        described, umap_layers, collections, masks = (
            written.described,
            written.umap_layers,
            written.collections,
            written.masks,
        )
        licence = decision.licence
        issued = date.today().isoformat()
        areas = territory_areas(layers)
        sources = [(line, source_licence(line)) for line in attributions]
        provenances = [(layer, provenance_of(layer)) for layer in layers]
        description = (self.parameterAsString(parameters, self.DESCRIPTION, context) or "").strip()
        if not description:
            # The method in plain French words, as the report prints it, from the layers' provenance.
            description = " ".join(method_paragraphs([(p.method, p.parameters) for _, p in provenances], "fr"))
            description = description or title
        licence_reason = ""
        if decision.forced:
            licence_reason = (
                "Ce paquet est publié sous ODbL parce qu'il dérive de données sous ODbL ("
                + " ; ".join(decision.share_alike_sources)
                + ") : la clause de partage à l'identique (ODbL §4.4) s'applique aux données dérivées. "
                "Il n'est donc pas publié sous Licence Ouverte seule."
            )
        confidentiality = self._confidentiality_text(masks)
        attribution = " · ".join(attributions)

        if collections:
            # The territory: areas where people of the diagnostic live, and every other feature.
            territory = bounds(
                [
                    feature_collection(
                        f
                        for f in c["features"]
                        if (f["properties"].get("pop_total") is None or f["properties"]["pop_total"] > 0)
                    )
                    for c in collections
                ]
            ) or bounds(collections)
            document = umap_document(
                title,
                description,
                umap_layers,
                territory,
                attribution,
                licence.name,
                licence.url,
                # The licence also in words: newer uMap versions pick "licence" among their own list.
                long_credit=f"{organisation}, {issued}, Vigie {__version__} — {licence.name_fr}".strip(", "),
            )
            (folder / UMAP_FILE).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

        files = []
        layer_entries = []
        for layer, stem, names, row_count, layer_files in described:
            provenance = dict(provenances)[layer]
            geometry = None if is_table(layer) else GEOMETRY_NAMES.get(layer.geometryType(), "géométries")
            layer_entries.append(
                {
                    "name": layer.name(),
                    "stem": stem,
                    "title": layer.metadata().title() or layer.name(),
                    "summary": provenance.summary,
                    "method": provenance.method,
                    "version": provenance.version,
                    "date": provenance.date,
                    "parameters": provenance.parameters,
                    "fields": names,
                    "geometry": geometry,
                    "rows": row_count,
                }
            )
            for name in layer_files[1:]:
                if name.endswith("_international.csv"):
                    what = f"{layer.name()} : table, variante internationale (`,` et `.`)"
                elif name.endswith(".csv"):
                    what = f"{layer.name()} : table à la française (`;` et `,`)"
                else:
                    what = f"{layer.name()} : GeoJSON WGS84 pour les cartes web"
                files.append((f"`{name}`", what))
        files.insert(0, (f"`{GEOPACKAGE}`", "toutes les couches, avec leur style QGIS et leurs métadonnées"))
        if collections:
            files.append((f"`{UMAP_FILE}`", "carte uMap (une couche par résultat, mêmes couleurs que dans QGIS)"))
        files += [(f"`{METADATA_FILE}`", "métadonnées DCAT-AP (JSON-LD)"), (f"`{README_FILE}`", "ce fichier")]

        readme = lisezmoi(
            {
                "title": title,
                "description": description,
                "organisation": organisation or "non renseigné",
                "contact": contact,
                "issued": issued,
                "licence": licence,
                "licence_reason": licence_reason,
                "areas": areas,
                "sources": [(line, lic.name_fr if lic else "") for line, lic in sources],
                "layers": layer_entries,
                "files": files,
                "confidentiality": confidentiality,
                "version": __version__,
            }
        )
        (folder / README_FILE).write_text(readme, encoding="utf-8")

        distributions = []
        for path in sorted(folder.iterdir()):
            if path.name == METADATA_FILE or not path.is_file():
                continue
            distributions.append(
                dcat.distribution(path.name, path.name, self._file_description(path.name), licence, path.stat().st_size)
            )
        methods = [
            {
                "layer": layer.name(),
                "method": p.method or "unknown",
                "version": p.version,
                "date": p.date,
                "parameters": p.parameters,
            }
            for layer, p in provenances
        ]
        record = dcat.dataset(
            title,
            description,
            organisation or "non renseigné",
            contact,
            licence,
            licence_reason or f"Publié sous {licence.name_fr}.",
            areas,
            sources,
            methods,
            distributions,
            issued,
            keywords=["vigie", "accessibilité", "services", "temps de trajet"],
            identifier=f"vigie:{slug(title)}:{issued}",
            confidentiality=confidentiality,
        )
        (folder / METADATA_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")

    @staticmethod
    def _file_description(name):
        if name == GEOPACKAGE:
            return "Toutes les couches, styles QGIS et métadonnées inclus."
        if name == UMAP_FILE:
            return "Carte uMap (format de sauvegarde uMap)."
        if name == README_FILE:
            return "Guide de lecture en français."
        if name.endswith("_international.csv"):
            return "Table CSV, séparateur virgule, point décimal, UTF-8."
        if name.endswith(".csv"):
            return "Table CSV à la française, séparateur point-virgule, virgule décimale, UTF-8."
        return "GeoJSON (RFC 7946), WGS84."

    @staticmethod
    def _confidentiality_text(masks):
        rule = (
            f"Règle appliquée (pratique de l'INSEE pour le carroyage à 200 m) : aucun effectif n'est publié pour "
            f"un carreau de moins de {MIN_HOUSEHOLDS} ménages. Ces carreaux gardent leur géométrie et leur temps "
            "d'accès, mais leurs effectifs (habitants, ménages, classes d'âge) sont laissés vides ; leurs habitants "
            "restent comptés dans les totaux par commune et du territoire. Source : " + CONFIDENTIALITY_SOURCE + "."
        )
        if not masks:
            return rule + " Aucune couche publiée ne contient de carreau concerné."
        details = [
            f"{name} : {mask.masked_cells} carreaux sur {mask.cells} ont leurs effectifs masqués "
            f"({mask.masked_population:.0f} habitants, agrégés seulement) ; {mask.cells - mask.masked_cells} carreaux "
            f"publiés avec leurs effectifs ({mask.published_population:.0f} habitants)."
            for name, mask in masks
        ]
        return rule + "\n\n" + "\n".join(f"- {line}" for line in details)
