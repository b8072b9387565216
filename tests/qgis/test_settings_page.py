"""Settings ▸ Options ▸ Vigie (issue 15): the page writes what the algorithms read, shows and clears the
cache, speaks French in a French QGIS; numbers and engine messages are written the interface's way."""

import pytest
from test_i18n_loading import french  # noqa: F401 (fixture: QGIS in French)

SETTING_KEYS = ("vigie/organisation", "vigie/logo", "vigie/cache_folder", "vigie/bpe_file_path")


@pytest.fixture
def clean_settings(qgis_app):
    from qgis.core import QgsSettings

    settings = QgsSettings()
    saved = {key: settings.value(key) for key in SETTING_KEYS if settings.contains(key)}
    for key in SETTING_KEYS:
        settings.remove(key)
    yield settings
    for key in SETTING_KEYS:
        settings.remove(key)
    for key, value in saved.items():
        settings.setValue(key, value)


def test_page_writes_what_maps_and_fetchers_read(clean_settings, vigie_provider, tmp_path):
    from qgis.core import QgsApplication

    from vigie.plugin.settings import cache_folder, default_bpe_file_path, default_logo, default_organisation
    from vigie.plugin.settings_page import VigieOptionsFactory, VigieOptionsPage
    from vigie.processing_algorithms.road_network import graph_cache_folder

    factory = VigieOptionsFactory()
    assert factory.title() == "Vigie" and not factory.icon().isNull()
    page = factory.createWidget(None)
    assert isinstance(page, VigieOptionsPage)
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"")
    page.organisation.setText("  CC du Champsaur-Valgaudemar ")
    page.logo.setFilePath(str(logo))
    page.cache_folder.setFilePath(str(tmp_path / "cache"))
    page.bpe_file.setEditText("/fr/statistiques/fichier/1234/BPE21.zip")
    page.apply()

    assert default_organisation() == "CC du Champsaur-Valgaudemar"
    assert default_logo() == str(logo)
    assert cache_folder() == tmp_path / "cache" and graph_cache_folder() == tmp_path / "cache" / "graphs"
    assert default_bpe_file_path() == "/fr/statistiques/fichier/1234/BPE21.zip"
    # The fetchers' parameter default follows (the provider is refreshed on apply).
    bpe = QgsApplication.processingRegistry().algorithmById("vigie:fetchbpe")
    assert bpe.parameterDefinition("FILE_PATH").defaultValue() == "/fr/statistiques/fichier/1234/BPE21.zip"

    # A new page shows the saved values; choosing the listed edition again stores no override.
    again = VigieOptionsPage()
    assert again.organisation.text() == "CC du Champsaur-Valgaudemar"
    assert again.cache_folder.filePath() == str(tmp_path / "cache")
    again.bpe_file.setCurrentIndex(0)
    again.apply()
    from vigie.plugin.core.sources import bpe as bpe_engine

    assert default_bpe_file_path() == bpe_engine.DEFAULT_FILE_PATH


def test_cache_size_and_clear(clean_settings, tmp_path):
    from vigie.plugin.settings_page import VigieOptionsPage

    clean_settings.setValue("vigie/cache_folder", str(tmp_path / "cache"))
    (tmp_path / "cache" / "graphs").mkdir(parents=True)
    (tmp_path / "cache" / "graphs" / "g.npz").write_bytes(b"x" * 3000)
    (tmp_path / "cache" / "answer.json").write_bytes(b"{}" * 500)
    outside = tmp_path / "keep.txt"
    outside.write_text("not in the cache")
    page = VigieOptionsPage()
    assert page.cache_size.text().replace("\u00a0", " ") in ("3.9 kB", "3,9 ko")
    page.clear_button.click()
    assert list((tmp_path / "cache").iterdir()) == [] and outside.exists()
    assert page.cache_size.text().replace("\u00a0", " ") in ("0 B", "0 o")


def test_numbers_the_french_way():
    from vigie.plugin.number_format import format_bytes, format_number

    assert format_number(53931, language="fr") == "53\u00a0931"
    assert format_number(50, 1, language="fr") == "50,0"
    assert format_number(1234567.25, 2, language="fr") == "1\u00a0234\u00a0567,25"
    assert format_number(53931, language="en") == "53,931"
    assert format_number(50, 1, language="en") == "50.0"
    assert format_bytes(1536, language="fr") == "1,5\u00a0ko"
    assert format_bytes(3 * 1024**3, language="en") == "3.0\u00a0GB"


def test_engine_messages_keep_their_english_text_and_id():
    from vigie.plugin.core.sources.errors import NotFoundError, SourceTimeoutError
    from vigie.plugin.core.transit.gtfs_reader import GtfsError

    error = GtfsError("bad_time", file="stop_times.txt", column="arrival_time", example="8h00", count=12345)
    assert str(error) == "stop_times.txt column arrival_time: '8h00' is not a time H:MM:SS (12345 such rows)"
    assert error.code == "bad_time" and error.params["count"] == 12345
    assert str(SourceTimeoutError("timeout", host="api.insee.fr", seconds=30.0)) == (
        "api.insee.fr did not answer within 30 s; try again later."
    )
    assert str(NotFoundError("not_found", host="h", detail="")) == "h: not found (404)."
    assert str(NotFoundError("a plain sentence")) == "a plain sentence" and NotFoundError("x").code is None


def test_page_and_engine_messages_in_french(french):  # noqa: F811 (the imported fixture)
    from vigie.plugin.core.transit.gtfs_reader import GtfsError, GtfsWarning
    from vigie.plugin.engine_messages import engine_message
    from vigie.plugin.settings_page import VigieOptionsFactory, VigieOptionsPage

    page = VigieOptionsPage()
    assert page.clear_button.text() == "Vider le cache"
    assert VigieOptionsFactory().title() == "Vigie"
    error = GtfsError("bad_time", file="stop_times.txt", column="arrival_time", example="8h00", count=12345)
    text = engine_message(error)
    assert "12\u00a0345" in text and "n'est pas une heure" in text, text
    assert engine_message(GtfsWarning("times_interpolated", count=53931)).startswith("stop_times.txt : 53\u00a0931 ")
    assert engine_message(ValueError("not coded")) == "not coded"


def test_fetcher_errors_are_coded_and_french(french):  # noqa: F811 (the imported fixture)
    from vigie.plugin.core.sources.archive import SevenZipUnavailableError
    from vigie.plugin.core.sources.errors import NotFoundError, OutsideGridError, PayloadError
    from vigie.plugin.engine_messages import engine_message

    unknown = NotFoundError("unknown_territory_code", territory="99999")
    assert str(unknown) == "Unknown territory code 99999: geo.api.gouv.fr does not know it."
    seven = SevenZipUnavailableError("seven_zip_unavailable", name="Filosofi2019_carreaux_200m_csv.zip.7z")
    grid = PayloadError("not_a_grid_file")
    overpass = PayloadError("overpass_error", remark="runtime error: Query timed out")
    guadeloupe = OutsideGridError("grid_no_cells", departements="971")
    assert isinstance(guadeloupe, ValueError)  # what callers caught before it had a code
    for error in (unknown, seven, grid, overpass, guadeloupe):
        assert error.code is not None
        assert engine_message(error) != str(error), error.code  # translated, not the English text
    assert "99999" in engine_message(unknown) and "geo.api.gouv.fr" in engine_message(unknown)
    assert "Filosofi2019_carreaux_200m_csv.zip.7z" in engine_message(seven)
    assert engine_message(overpass).endswith(" : runtime error: Query timed out")
    assert "971" in engine_message(guadeloupe)
