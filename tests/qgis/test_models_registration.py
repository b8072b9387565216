"""The three shipped models are registered under vigie:, in the Diagnostics group, and match their definitions."""

import sys

import pytest

from vigie.plugin.__about__ import PLUGIN_ROOT

MODELS = {
    "diagnostic_road_access": ("Accès routier à un service", "Road access to a service"),
    "diagnostic_transit_access": ("Accès en transport en commun", "Public transport access"),
    "diagnostic_childcare": ("Accueil du jeune enfant", "Early childcare"),
    "diagnostic_services_basket": ("Panier de services de la vie courante", "Basket of everyday services"),
}
OUTPUTS = {
    "diagnostic_road_access": {"road:TRAVEL_TIMES", "coverage:COVERAGE", "map:MAP_PDF"},
    "diagnostic_transit_access": {"transit:TRAVEL_TIMES", "coverage:COVERAGE", "map:MAP_PDF"},
    "diagnostic_childcare": {"sfca:ACCESS_INDEX", "sfca:SUPPLY_RATIO", "map:MAP_PDF"},
    "diagnostic_services_basket": {
        "basket:BASKET_CELLS",
        "basket:BASKET_COMMUNES",
        "communes:COVERAGE_COMMUNES",
        "epci:COVERAGE_EPCI",
        "map:MAP_PDF",
        "atlas:ATLAS_PDF",
    },
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_registered_in_diagnostics(vigie_provider, name):
    from qgis.core import QgsApplication

    model = QgsApplication.processingRegistry().algorithmById(f"vigie:{name}")
    assert model is not None, f"{name}.model3 is not loaded by the provider"
    assert model.provider().id() == "vigie"
    assert model.groupId() == "diagnostics"
    assert model.displayName() in MODELS[name]
    assert "vigie:" in model.shortHelpString()
    assert model.helpUrl().endswith(f"{name}.md")
    instance = model.create()  # what the toolbox, batch mode and qgis_process run
    assert {d.name() for d in instance.destinationParameterDefinitions()} == OUTPUTS[name]
    assert instance.displayName() == model.displayName()


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_model_help_files(name, language):
    help_file = PLUGIN_ROOT / "resources" / "help" / language / f"{name}.md"
    assert help_file.exists()
    assert len(help_file.read_text(encoding="utf-8")) > 300


def test_display_name_follows_the_language(vigie_provider, monkeypatch):
    from qgis.core import QgsApplication

    from vigie.processing_algorithms import shipped_model

    model = QgsApplication.processingRegistry().algorithmById("vigie:diagnostic_road_access")
    monkeypatch.setattr(shipped_model, "user_language", lambda: "fr")
    assert model.displayName() == "Accès routier à un service"
    monkeypatch.setattr(shipped_model, "user_language", lambda: "de")
    assert model.displayName() == "Road access to a service"


def test_shipped_files_match_scripts_build_models(vigie_provider):
    """A renamed parameter of a Vigie algorithm breaks the build here: run scripts/build_models.py again."""
    from qgis.core import QgsApplication

    sys.path.insert(0, str(PLUGIN_ROOT / "scripts"))
    try:
        import build_models
    finally:
        sys.path.remove(str(PLUGIN_ROOT / "scripts"))
    # Algorithms instantiated while another test had the French translator installed carry French
    # option labels: rebuild them in the language the shipped files were made in.
    vigie_provider.refreshAlgorithms()
    registry = QgsApplication.processingRegistry()
    for spec in build_models.MODELS:
        model = build_models.build_model(spec, registry)
        path = PLUGIN_ROOT / "resources" / "models" / f"{spec.name}.model3"
        assert build_models.same_definition(model, path), f"{path.name} is stale: run scripts/build_models.py"
