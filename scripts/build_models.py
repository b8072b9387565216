#!/usr/bin/env python3
"""Build the Processing models Vigie ships, resources/models/*.model3, from the definitions below.

The models are written by code rather than drawn in the Modeler so that a change of a Vigie
algorithm (a new parameter, a new default) is picked up by running this script again, and the
diff of the .model3 files shows what changed. Every parameter of a child algorithm that the
model does not wire is set to that algorithm's default, as the Modeler does.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/build_models.py [--check]

``--check`` builds in memory and fails if a shipped file differs (stale model).
"""

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
MODELS_FOLDER = REPO_ROOT / "resources" / "models"
HELP_FOLDER = REPO_ROOT / "resources" / "help"


def _import_path():
    """Make the repository importable as the package ``vigie`` (the folder QGIS installs)."""
    pkgroot = REPO_ROOT / ".pkgroot"
    link = pkgroot / "vigie"
    if not link.exists():
        pkgroot.mkdir(exist_ok=True)
        link.symlink_to(REPO_ROOT, target_is_directory=True)
    sys.path.insert(0, str(pkgroot))
    for plugins in ("/usr/share/qgis/python/plugins", "/usr/lib/qgis/python/plugins"):
        if Path(plugins).is_dir() and plugins not in sys.path:
            sys.path.append(plugins)


# -- How a model is described --------------------------------------------------------------


@dataclass
class Param:
    """A model input wired into a child parameter."""

    name: str


@dataclass
class Output:
    """An output of an earlier child wired into a child parameter."""

    child_id: str
    output_name: str = "OUTPUT"


@dataclass
class Child:
    child_id: str
    algorithm_id: str
    description: str
    sources: dict  # child parameter name -> Param | Output | static value | list of those
    outputs: dict = field(default_factory=dict)  # child output name -> (model output name, description)


@dataclass
class ModelInput:
    """A model input: a parameter definition cloned from a child algorithm, renamed and re-described.

    Cloning keeps the options, defaults and types of the algorithm the value goes to.
    """

    name: str
    description: str
    clone_from: tuple  # (algorithm id, parameter name)
    default: object = None
    optional: bool = None
    advanced: bool = False
    parent: str = None  # parent layer parameter of a field parameter, renamed to the model input
    help: str = ""
    options: tuple = ()  # French labels of an enum's options, in the algorithm's order


@dataclass
class ModelSpec:
    name: str
    display_fr: str
    display_en: str
    inputs: list
    children: list


STYLE_HINT = "Styles and metadata of the outputs are set by each Vigie algorithm."

# French labels of vigie:coverage's PRESET options, read from the presets data (issue 13).
PRESET_OPTIONS_FR = ("Aucun : les seuils donnés",) + tuple(
    preset["label_fr"]
    for preset in json.loads(
        (REPO_ROOT / "plugin" / "core" / "reference" / "data" / "access_presets.json").read_text(encoding="utf-8")
    )["presets"]
)

ROAD_MODEL = ModelSpec(
    name="diagnostic_road_access",
    display_fr="Accès routier à un service",
    display_en="Road access to a service",
    inputs=[
        ModelInput(
            "NETWORK",
            "Réseau routier (lignes : OSM, BD TOPO…)",
            ("vigie:roadtraveltime", "NETWORK"),
            help="Routes praticables du territoire et de ses abords.",
        ),
        ModelInput(
            "PROFILE",
            "Profil de vitesse",
            ("vigie:roadtraveltime", "PROFILE"),
            advanced=True,
            options=("Automatique (d'après les champs)", "OpenStreetMap", "IGN BD TOPO", "Champ de vitesse"),
            help="Automatique : OSM (fclass/highway) ou BD TOPO (vitesse_moyenne_vl) reconnus d'après les champs.",
        ),
        ModelInput(
            "SERVICES",
            "Services (points : médecins, hôpitaux, écoles…)",
            ("vigie:roadtraveltime", "DESTINATIONS"),
            help="Lieux du service étudié ; le temps est calculé vers le plus proche.",
        ),
        ModelInput(
            "POPULATION",
            "Population (carreaux 200 m ou points)",
            ("vigie:roadtraveltime", "ORIGINS"),
            help="Carreaux Filosofi (polygones → centroïdes) ou points habités.",
        ),
        ModelInput(
            "POPULATION_FIELD",
            "Champ de population",
            ("vigie:coverage", "POPULATION_FIELD"),
            default="ind",
            optional=True,
            parent="POPULATION",
            help="Nombre d'habitants de chaque carreau ou point (ind pour Filosofi).",
        ),
        ModelInput(
            "COMMUNES",
            "Communes (polygones, facultatif)",
            ("vigie:coverage", "AREAS"),
            optional=True,
            help="Découpage pour les chiffres par commune ; sans lui, seul le total du territoire est calculé.",
        ),
        ModelInput(
            "THRESHOLDS",
            "Seuils en minutes",
            ("vigie:coverage", "THRESHOLDS"),
            default="10,20,30",
            help="Seuils du taux de couverture, croissants, séparés par des virgules.",
        ),
        ModelInput(
            "PRESET",
            "Indicateur officiel (préréglage)",
            ("vigie:coverage", "PRESET"),
            options=PRESET_OPTIONS_FR,
            help="Seuil officiel (France services 30 min, urgences 30 min, maternité 45 min, généraliste 20 min, "
            "gammes BPE) qui remplace les seuils ; sa définition et sa source vont dans les métadonnées.",
        ),
        ModelInput(
            "MAX_TIME",
            "Temps maximal (minutes, 0 = sans limite)",
            ("vigie:roadtraveltime", "MAX_TIME"),
            advanced=True,
            help="Au-delà, le carreau est compté comme non desservi (temps vide). 0 : sans limite.",
        ),
        ModelInput(
            "TITLE",
            "Titre de la carte",
            ("vigie:maplayout", "TITLE"),
            default="Temps d'accès par la route au service le plus proche",
            help="Titre imprimé en haut de la carte.",
        ),
    ],
    children=[
        Child(
            "road",
            "vigie:roadtraveltime",
            "Temps de trajet routier vers le service le plus proche",
            {
                "NETWORK": Param("NETWORK"),
                "PROFILE": Param("PROFILE"),
                "ORIGINS": Param("POPULATION"),
                "DESTINATIONS": Param("SERVICES"),
                "MAX_TIME": Param("MAX_TIME"),
            },
            {"OUTPUT": ("TRAVEL_TIMES", "Temps de trajet")},
        ),
        Child(
            "coverage",
            "vigie:coverage",
            "Population à moins de N minutes, par commune",
            {
                "POPULATION": Output("road"),
                "POPULATION_FIELD": Param("POPULATION_FIELD"),
                "TIME_FIELD": "time_min",
                "AREAS": Param("COMMUNES"),
                "THRESHOLDS": Param("THRESHOLDS"),
                "PRESET": Param("PRESET"),
            },
            {"OUTPUT": ("COVERAGE", "Couverture par commune")},
        ),
        Child(
            "map",
            "vigie:maplayout",
            "Carte PDF",
            {
                "LAYERS": [Param("SERVICES"), Param("COMMUNES"), Output("road")],
                "TITLE": Param("TITLE"),
                "SUBTITLE": "Population et temps de trajet par la route vers le service le plus proche",
                "AREA": Output("road"),
                "SUMMARY": Output("coverage"),
            },
            {"OUTPUT_PDF": ("MAP_PDF", "Carte (PDF)")},
        ),
    ],
)

TRANSIT_MODEL = ModelSpec(
    name="diagnostic_transit_access",
    display_fr="Accès en transport en commun",
    display_en="Public transport access",
    inputs=[
        ModelInput(
            "GTFS",
            "Horaires GTFS (fichier .zip)",
            ("vigie:transittraveltime", "GTFS"),
            help="Horaires du réseau (transport.data.gouv.fr).",
        ),
        ModelInput(
            "DATE",
            "Date du trajet",
            ("vigie:transittraveltime", "DATE"),
            help="Un jour de semaine couvert par le calendrier du fichier GTFS.",
        ),
        ModelInput(
            "DEPARTURE_START",
            "Départ à partir de",
            ("vigie:transittraveltime", "DEPARTURE_START"),
            help="Début de la plage des départs (heure du jour) ; un départ est testé chaque minute.",
        ),
        ModelInput(
            "DEPARTURE_END",
            "Départ jusqu'à",
            ("vigie:transittraveltime", "DEPARTURE_END"),
            help="Fin de la plage des départs (heure du jour).",
        ),
        ModelInput(
            "SERVICES",
            "Services (points)",
            ("vigie:transittraveltime", "DESTINATIONS"),
        ),
        ModelInput(
            "POPULATION",
            "Population (carreaux 200 m ou points)",
            ("vigie:transittraveltime", "ORIGINS"),
        ),
        ModelInput(
            "POPULATION_FIELD",
            "Champ de population",
            ("vigie:coverage", "POPULATION_FIELD"),
            default="ind",
            optional=True,
            parent="POPULATION",
            help="Nombre d'habitants de chaque carreau ou point (ind pour Filosofi).",
        ),
        ModelInput(
            "COMMUNES",
            "Communes (polygones, facultatif)",
            ("vigie:coverage", "AREAS"),
            optional=True,
        ),
        ModelInput(
            "THRESHOLDS",
            "Seuils en minutes",
            ("vigie:coverage", "THRESHOLDS"),
            default="30,60,90",
            help="Seuils du taux de couverture, croissants, séparés par des virgules.",
        ),
        ModelInput(
            "MAX_WALK_M",
            "Marche maximale (m)",
            ("vigie:transittraveltime", "MAX_WALK_M"),
            advanced=True,
            help="Distance à pied au plus jusqu'au premier arrêt et depuis le dernier.",
        ),
        ModelInput(
            "MAX_TIME",
            "Temps maximal (minutes)",
            ("vigie:transittraveltime", "MAX_TIME"),
            advanced=True,
            help="Un départ qui n'atteint aucun service dans ce temps compte comme un échec.",
        ),
        ModelInput(
            "TITLE",
            "Titre de la carte",
            ("vigie:maplayout", "TITLE"),
            default="Temps d'accès en transport en commun au service le plus proche",
            help="Titre imprimé en haut de la carte.",
        ),
    ],
    children=[
        Child(
            "transit",
            "vigie:transittraveltime",
            "Temps de trajet en transport en commun vers le service le plus proche",
            {
                "GTFS": Param("GTFS"),
                "ORIGINS": Param("POPULATION"),
                "DESTINATIONS": Param("SERVICES"),
                "DATE": Param("DATE"),
                "DEPARTURE_START": Param("DEPARTURE_START"),
                "DEPARTURE_END": Param("DEPARTURE_END"),
                "MAX_WALK_M": Param("MAX_WALK_M"),
                "MAX_TIME": Param("MAX_TIME"),
            },
            {"OUTPUT": ("TRAVEL_TIMES", "Temps de trajet")},
        ),
        Child(
            "coverage",
            "vigie:coverage",
            "Population à moins de N minutes, par commune",
            {
                "POPULATION": Output("transit"),
                "POPULATION_FIELD": Param("POPULATION_FIELD"),
                "TIME_FIELD": "time_min",
                "AREAS": Param("COMMUNES"),
                "THRESHOLDS": Param("THRESHOLDS"),
            },
            {"OUTPUT": ("COVERAGE", "Couverture par commune")},
        ),
        Child(
            "map",
            "vigie:maplayout",
            "Carte PDF",
            {
                "LAYERS": [Param("SERVICES"), Param("COMMUNES"), Output("transit")],
                "TITLE": Param("TITLE"),
                "SUBTITLE": "Temps médian sur la plage de départ, marche et correspondances comprises",
                "AREA": Output("transit"),
                "SUMMARY": Output("coverage"),
            },
            {"OUTPUT_PDF": ("MAP_PDF", "Carte (PDF)")},
        ),
    ],
)

CHILDCARE_MODEL = ModelSpec(
    name="diagnostic_childcare",
    display_fr="Accueil du jeune enfant",
    display_en="Early childcare",
    inputs=[
        ModelInput(
            "NETWORK",
            "Réseau routier (lignes : OSM, BD TOPO…)",
            ("vigie:accessibility2sfca", "NETWORK"),
        ),
        ModelInput(
            "PROFILE",
            "Profil de vitesse",
            ("vigie:accessibility2sfca", "PROFILE"),
            advanced=True,
            options=("Automatique (d'après les champs)", "OpenStreetMap", "IGN BD TOPO", "Champ de vitesse"),
            help="Automatique : OSM (fclass/highway) ou BD TOPO (vitesse_moyenne_vl) reconnus d'après les champs.",
        ),
        ModelInput(
            "EAJE",
            "Établissements d'accueil du jeune enfant (points avec capacité)",
            ("vigie:accessibility2sfca", "SUPPLY"),
            help="EAJE de la BPE (D502) avec leur nombre de places, par exemple issus de vigie:fetchchildcare.",
        ),
        ModelInput(
            "CAPACITY_FIELD",
            "Champ du nombre de places",
            ("vigie:accessibility2sfca", "CAPACITY_FIELD"),
            default="capacite",
            parent="EAJE",
        ),
        ModelInput(
            "POPULATION",
            "Carreaux de population (Filosofi 200 m)",
            ("vigie:accessibility2sfca", "DEMAND"),
        ),
        ModelInput(
            "DEMAND_FIELD",
            "Champ des enfants de moins de 4 ans",
            ("vigie:accessibility2sfca", "DEMAND_FIELD"),
            default="ind_0_3",
            optional=True,
            parent="POPULATION",
        ),
        ModelInput(
            "CATCHMENT",
            "Zone de recours (minutes)",
            ("vigie:accessibility2sfca", "CATCHMENT"),
            default=15,
        ),
        ModelInput(
            "DECAY",
            "Décroissance avec le temps",
            ("vigie:accessibility2sfca", "DECAY"),
            advanced=True,
            options=(
                "Aucune (poids 1 dans la zone de recours)",
                "Par paliers, comme l'APL de la DREES (1, 2/3, 1/3)",
                "Gaussienne",
                "Linéaire",
            ),
            help="Poids d'un établissement selon le temps de route ; par paliers : 1 jusqu'à la moitié de la zone "
            "de recours, 2/3 jusqu'aux trois quarts, 1/3 jusqu'à la limite.",
        ),
        ModelInput(
            "TITLE",
            "Titre de la carte",
            ("vigie:maplayout", "TITLE"),
            default="Accueil du jeune enfant : places accessibles pour 1 000 enfants de moins de 4 ans",
            help="Titre imprimé en haut de la carte.",
        ),
    ],
    children=[
        Child(
            "sfca",
            "vigie:accessibility2sfca",
            "Accessibilité aux places d'accueil (2SFCA)",
            {
                "SUPPLY": Param("EAJE"),
                "CAPACITY_FIELD": Param("CAPACITY_FIELD"),
                "DEMAND": Param("POPULATION"),
                "DEMAND_FIELD": Param("DEMAND_FIELD"),
                "NETWORK": Param("NETWORK"),
                "PROFILE": Param("PROFILE"),
                "CATCHMENT": Param("CATCHMENT"),
                "DECAY": Param("DECAY"),
            },
            {
                "OUTPUT": ("ACCESS_INDEX", "Indice d'accessibilité par carreau"),
                "OUTPUT_SUPPLY": ("SUPPLY_RATIO", "Ratio places / enfants par établissement"),
            },
        ),
        Child(
            "map",
            "vigie:maplayout",
            "Carte PDF",
            {
                "LAYERS": [Output("sfca", "OUTPUT_SUPPLY"), Output("sfca")],
                "TITLE": Param("TITLE"),
                "SUBTITLE": "Indice d'accessibilité à deux étapes (2SFCA) sur le réseau routier",
                "AREA": Output("sfca"),
            },
            {"OUTPUT_PDF": ("MAP_PDF", "Carte (PDF)")},
        ),
    ],
)

# -- Issue 13: the basket of everyday services (indicators) ------------------------------------------

BASKET_THRESHOLDS = "4,7,10,15"  # classes of the basket mean; 7 = INSEE's "éloigné" threshold

BASKET_MODEL = ModelSpec(
    name="diagnostic_services_basket",
    display_fr="Panier de services de la vie courante",
    display_en="Basket of everyday services",
    inputs=[
        ModelInput(
            "NETWORK",
            "Réseau routier (lignes : OSM, BD TOPO…)",
            ("vigie:servicebasket", "NETWORK"),
            help="Couche roads du kit territoire, ou routes praticables du territoire et de ses abords.",
        ),
        ModelInput(
            "PROFILE",
            "Profil de vitesse",
            ("vigie:servicebasket", "PROFILE"),
            advanced=True,
            options=("Automatique (d'après les champs)", "OpenStreetMap", "IGN BD TOPO", "Champ de vitesse"),
            help="Automatique : OSM (fclass/highway) ou BD TOPO (vitesse_moyenne_vl) reconnus d'après les champs.",
        ),
        ModelInput(
            "POPULATION",
            "Population (carreaux 200 m ou points)",
            ("vigie:servicebasket", "ORIGINS"),
            help="Couche population du kit territoire (carreaux Filosofi).",
        ),
        ModelInput(
            "POPULATION_FIELD",
            "Champ de population",
            ("vigie:servicebasket", "POPULATION_FIELD"),
            default="ind",
            optional=True,
            parent="POPULATION",
            help="Nombre d'habitants de chaque carreau ou point (ind pour Filosofi).",
        ),
        ModelInput(
            "SERVICES",
            "Équipements (points de la BPE)",
            ("vigie:servicebasket", "SERVICES"),
            help="Couche services du kit territoire : équipements du territoire et d'une zone tampon.",
        ),
        ModelInput(
            "CATEGORY_FIELD",
            "Champ du type d'équipement",
            ("vigie:servicebasket", "CATEGORY_FIELD"),
            default="typequ",
            optional=True,
            parent="SERVICES",
            help="Code TYPEQU de la BPE.",
        ),
        ModelInput(
            "BASKET",
            "Panier",
            ("vigie:servicebasket", "BASKET"),
            options=(
                "Panier de la vie courante (Insee)",
                "Gamme de proximité de la BPE",
                "Gamme intermédiaire de la BPE",
                "Gamme supérieure de la BPE",
                "Toutes les catégories présentes",
            ),
            help="Les catégories absentes des équipements sont signalées et exclues de la moyenne.",
        ),
        ModelInput(
            "FAR_MIN",
            "Seuil « éloigné » (minutes)",
            ("vigie:servicebasket", "FAR_MIN"),
            help="Une personne est éloignée quand la moyenne du panier dépasse ce temps (7 min pour l'Insee).",
        ),
        ModelInput(
            "COMMUNES",
            "Communes (polygones)",
            ("vigie:servicebasket", "AREAS"),
            optional=False,
            help="Couche communes du kit territoire (champs code et nom).",
        ),
        ModelInput(
            "EPCI",
            "EPCI (polygones, facultatif)",
            ("vigie:coverage", "AREAS"),
            optional=True,
            help="Couche epci du kit territoire ; sans elle, seul le total du territoire est calculé.",
        ),
        ModelInput(
            "TITLE",
            "Titre de la carte",
            ("vigie:maplayout", "TITLE"),
            default="Temps moyen d'accès au panier de services de la vie courante",
            help="Titre imprimé en haut de la carte et de chaque page de l'atlas.",
        ),
    ],
    children=[
        Child(
            "basket",
            "vigie:servicebasket",
            "Temps vers chaque service du panier, par carreau et par commune",
            {
                "NETWORK": Param("NETWORK"),
                "PROFILE": Param("PROFILE"),
                "ORIGINS": Param("POPULATION"),
                "POPULATION_FIELD": Param("POPULATION_FIELD"),
                "SERVICES": Param("SERVICES"),
                "CATEGORY_FIELD": Param("CATEGORY_FIELD"),
                "BASKET": Param("BASKET"),
                "FAR_MIN": Param("FAR_MIN"),
                "AREAS": Param("COMMUNES"),
                "AREA_FIELD": "code",
            },
            {
                "OUTPUT": ("BASKET_CELLS", "Panier par carreau"),
                "OUTPUT_AREAS": ("BASKET_COMMUNES", "Panier par commune"),
            },
        ),
        Child(
            "communes",
            "vigie:coverage",
            "Population par classe de temps moyen au panier, par commune",
            {
                "POPULATION": Output("basket"),
                "POPULATION_FIELD": Param("POPULATION_FIELD"),
                "TIME_FIELD": "basket_mean_min",
                "AREAS": Param("COMMUNES"),
                "THRESHOLDS": BASKET_THRESHOLDS,
            },
            {"OUTPUT": ("COVERAGE_COMMUNES", "Population à moins de N minutes du panier, par commune")},
        ),
        Child(
            "epci",
            "vigie:coverage",
            "Population par classe de temps moyen au panier, par EPCI",
            {
                "POPULATION": Output("basket"),
                "POPULATION_FIELD": Param("POPULATION_FIELD"),
                "TIME_FIELD": "basket_mean_min",
                "AREAS": Param("EPCI"),
                "THRESHOLDS": BASKET_THRESHOLDS,
            },
            {"OUTPUT": ("COVERAGE_EPCI", "Population à moins de N minutes du panier, par EPCI")},
        ),
        Child(
            "map",
            "vigie:maplayout",
            "Carte PDF",
            {
                "LAYERS": [Param("SERVICES"), Param("COMMUNES"), Output("basket")],
                "TITLE": Param("TITLE"),
                "SUBTITLE": "Moyenne des temps vers le plus proche de chaque service du panier ; "
                "éloigné au-delà du seuil",
                "AREA": Output("basket"),
                "SUMMARY": Output("communes"),
            },
            {"OUTPUT_PDF": ("MAP_PDF", "Carte (PDF)")},
        ),
        Child(
            "atlas",
            "vigie:atlaslayout",
            "Atlas PDF, une page par commune",
            {
                "AREAS": Param("COMMUNES"),
                "CODE_FIELD": "code",
                "LAYERS": [Param("SERVICES"), Output("basket")],
                "COVERAGE": Output("communes"),
                "TITLE": Param("TITLE"),
            },
            {"OUTPUT_PDF": ("ATLAS_PDF", "Atlas (PDF)")},
        ),
    ],
)

MODELS = (ROAD_MODEL, TRANSIT_MODEL, CHILDCARE_MODEL, BASKET_MODEL)


# -- Building --------------------------------------------------------------------------------


class ModelBuildError(RuntimeError):
    pass


def _source(value):
    from qgis.core import QgsProcessingModelChildParameterSource as Source

    if isinstance(value, Param):
        return Source.fromModelParameter(value.name)
    if isinstance(value, Output):
        return Source.fromChildOutput(value.child_id, value.output_name)
    return Source.fromStaticValue(value)


def _model_input_definition(spec_input, registry):
    from qgis.core import QgsProcessingParameterDefinition

    algorithm_id, parameter_name = spec_input.clone_from
    algorithm = registry.algorithmById(algorithm_id)
    if algorithm is None:
        raise ModelBuildError(f"{algorithm_id} is not registered: cannot build a model input from it")
    original = algorithm.parameterDefinition(parameter_name)
    if original is None:
        raise ModelBuildError(f"{algorithm_id} has no parameter {parameter_name}")
    definition = original.clone()
    definition.setName(spec_input.name)
    definition.setDescription(spec_input.description)
    # The model speaks French throughout: no help text is inherited from the (English) algorithm.
    definition.setHelp(spec_input.help or spec_input.description)
    if spec_input.options:
        if len(spec_input.options) != len(definition.options()):
            raise ModelBuildError(f"{algorithm_id} {parameter_name} has {len(definition.options())} options")
        definition.setOptions(list(spec_input.options))
    if spec_input.default is not None:
        definition.setDefaultValue(spec_input.default)
    flags = definition.flags()
    if spec_input.optional is not None:
        if spec_input.optional:
            flags |= QgsProcessingParameterDefinition.FlagOptional
        else:
            flags &= ~QgsProcessingParameterDefinition.FlagOptional
    if spec_input.advanced:
        flags |= QgsProcessingParameterDefinition.FlagAdvanced
    else:
        flags &= ~QgsProcessingParameterDefinition.FlagAdvanced
    definition.setFlags(flags)
    if spec_input.parent is not None and hasattr(definition, "setParentLayerParameterName"):
        definition.setParentLayerParameterName(spec_input.parent)
    return definition


def _help(name, language):
    path = HELP_FOLDER / language / f"{name}.md"
    if not path.exists():
        raise ModelBuildError(f"missing help file {path.relative_to(REPO_ROOT)}")
    return path.read_text(encoding="utf-8")


def build_model(spec, registry):
    """A QgsProcessingModelAlgorithm for ``spec``, validated against the registered Vigie algorithms."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
    )
    from qgis.PyQt.QtCore import QPointF

    from vigie.plugin.__about__ import __version__

    model = QgsProcessingModelAlgorithm(spec.name, "Diagnostics")
    for index, spec_input in enumerate(spec.inputs):
        definition = _model_input_definition(spec_input, registry)
        component = QgsProcessingModelParameter(spec_input.name)
        component.setDescription(spec_input.description)
        component.setPosition(QPointF(140 + 260 * (index % 3), 80 + 90 * (index // 3)))
        model.addModelParameter(definition, component)
    model.setParameterOrder([spec_input.name for spec_input in spec.inputs])

    first_child_row = 80 + 90 * ((len(spec.inputs) + 2) // 3) + 60
    for row, spec_child in enumerate(spec.children):
        algorithm = registry.algorithmById(spec_child.algorithm_id)
        if algorithm is None:
            raise ModelBuildError(f"{spec_child.algorithm_id} is not registered")
        unknown = set(spec_child.sources) - {p.name() for p in algorithm.parameterDefinitions()}
        if unknown:
            raise ModelBuildError(f"{spec_child.algorithm_id} has no parameter {', '.join(sorted(unknown))}")
        child = QgsProcessingModelChildAlgorithm(spec_child.algorithm_id)
        child.setChildId(spec_child.child_id)
        child.setDescription(spec_child.description)
        child.setPosition(QPointF(400, first_child_row + 130 * row))
        for definition in algorithm.parameterDefinitions():
            if definition.isDestination():
                continue
            name = definition.name()
            if name in spec_child.sources:
                value = spec_child.sources[name]
                values = value if isinstance(value, list) else [value]
                child.addParameterSources(name, [_source(v) for v in values])
            elif definition.defaultValue() is not None:
                # As the Modeler does: an unwired parameter keeps the algorithm's default.
                child.addParameterSources(name, [_source(definition.defaultValue())])
        outputs = {}
        for child_output_name, (model_output_name, description) in spec_child.outputs.items():
            if algorithm.parameterDefinition(child_output_name) is None:
                raise ModelBuildError(f"{spec_child.algorithm_id} has no output {child_output_name}")
            output = QgsProcessingModelOutput(model_output_name, description)
            output.setChildId(spec_child.child_id)
            output.setChildOutputName(child_output_name)
            output.setMandatory(True)
            output.setPosition(QPointF(720, first_child_row + 130 * row + 40 * len(outputs)))
            outputs[model_output_name] = output
        child.setModelOutputs(outputs)
        model.addChildAlgorithm(child)
    model.updateDestinationParameters()

    model.setHelpContent(
        {
            "ALG_DESC": _help(spec.name, "fr"),
            "SHORT_DESCRIPTION": spec.display_fr,
            "ALG_CREATOR": "Vigie",
            "ALG_HELP_CREATOR": "Vigie",
            "ALG_VERSION": __version__,
            "VIGIE_DISPLAY_NAME_FR": spec.display_fr,
            "VIGIE_DISPLAY_NAME_EN": spec.display_en,
            **{spec_input.name: spec_input.help for spec_input in spec.inputs if spec_input.help},
        }
    )
    valid, errors = model.validate()
    if not valid:
        raise ModelBuildError(f"{spec.name} is not valid:\n  " + "\n  ".join(errors))
    return model


def same_definition(model, path):
    """Whether the file at ``path`` holds the same model, compared as data after a round trip to a file."""
    import tempfile

    from qgis.core import QgsProcessingModelAlgorithm

    if not path.exists():
        return False
    with tempfile.TemporaryDirectory() as folder:
        fresh_file = str(Path(folder) / path.name)
        model.toFile(fresh_file)
        fresh, shipped = QgsProcessingModelAlgorithm(), QgsProcessingModelAlgorithm()
        return fresh.fromFile(fresh_file) and shipped.fromFile(str(path)) and fresh.toVariant() == shipped.toVariant()


def start_qgis():
    """A headless QGIS with Processing and the Vigie provider (algorithms only, the models are being built)."""
    _import_path()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A fixed hash seed keeps the XML attribute order, hence the files, the same from run to run.
    os.environ.setdefault("QT_HASH_SEED", "0")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from vigie.processing_algorithms.provider import VigieProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("vigie")
    if provider is None:
        provider = VigieProvider()  # the caller keeps it: a collected provider loses its algorithms
        registry.addProvider(provider)
    return app, registry, provider


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a shipped model differs from its definition")
    parser.add_argument("--output", type=Path, default=MODELS_FOLDER, help="folder of the .model3 files")
    parser.add_argument("names", nargs="*", help="models to build (default: all)")
    args = parser.parse_args(argv)
    specs = [spec for spec in MODELS if not args.names or spec.name in args.names]

    app, registry, provider = start_qgis()
    stale = []
    args.output.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        model = build_model(spec, registry)
        path = args.output / f"{spec.name}.model3"
        if args.check:
            if not same_definition(model, path):
                stale.append(path.name)
            continue
        if not model.toFile(str(path)):
            raise ModelBuildError(f"cannot write {path}")
        print(f"wrote {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}")
    app.exitQgis()
    if stale:
        print("stale models (run scripts/build_models.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
