"""The fetchers' rows of the bad-input matrix (issue 12), against the loopback replay server.

Every vigie:fetch* × every class that applies to it: OUTPUT equal to an input, a read-only output
folder, a bad territory code, HTTP 401 / 429 / 5xx / timeout, malformed payloads (truncated JSON, an
HTML page) and a zip whose entries escape its folder. Each run must fail with a QgsProcessingException
that names the parameter at fault, leave no output (and no temporary twin) and never a traceback.
A class that cannot happen to a fetcher is skipped with the reason.
"""

import re
import shutil
import threading
import time
from urllib.parse import urlsplit

import pytest
from conftest import shared_path
from test_faults_bad_input import COMMUNES, HA, assert_refused, read_only_folder  # noqa: F401 (fixture)
from test_fetch_algorithms import FIXTURES, evil_zip_bytes, serve_epci_communes, vigie_cache  # noqa: F401 (fixture)
from test_fetch_territory import kit_parameters, payloads, rows, serve, shared_dir  # noqa: F401 (fixtures)
from werkzeug import Response

EPCI = "200067452"
# Vigie's cache in a temporary folder and quick retries, for every test here.
pytestmark = pytest.mark.usefixtures("vigie_cache")

FETCHERS = [
    "vigie:fetchboundaries",
    "vigie:fetchsirene",
    "vigie:fetchroads",
    "vigie:fetchgtfs",
    "vigie:fetchchildcare",
    "vigie:fetchbpe",
    "vigie:fetchpopulation",
    "vigie:fetchterritory",
]


def fetch_parameters(algorithm_id, httpserver, tmp_path):
    """Valid parameters of each fetcher, every service URL on the replay server, OUTPUT in tmp_path."""
    url = httpserver.url_for("/")
    out = str(tmp_path / "out.gpkg")
    # Every service under its own root, so that a failing request tells which parameter gave it.
    services = {
        "TERRITORY": EPCI,
        "BASE_URL": url + "service",
        "BOUNDARIES_URL": url + "geo",
        "REFRESH_CACHE": True,
        "OUTPUT": out,
    }
    table = {
        "vigie:fetchboundaries": {**services, "LEVEL": 0},
        "vigie:fetchsirene": {**services, "NAF_CODES": "53.10Z"},
        "vigie:fetchroads": {**services, "BASE_URL": url + "wfs/ows"},
        "vigie:fetchgtfs": {
            **services,
            "FEEDS_FOLDER": str(tmp_path / "feeds"),
            "OUTPUT_STOPS": str(tmp_path / "stops.gpkg"),
        },
        "vigie:fetchchildcare": {**services, "SCALE": 1, "BPE_URL": url + "insee", "OUTPUT_COVERAGE": "memory:"},
        "vigie:fetchbpe": services,
        "vigie:fetchpopulation": {**services, "WFS_URL": url + "wfs"},
        "vigie:fetchterritory": {
            "TERRITORY": EPCI,
            "BUFFER_KM": 20,
            "SERVICES": "D265",
            "ROAD_SOURCE": 1,
            "GTFS": True,
            "BOUNDARIES_URL": url + "geo",
            "POPULATION_URL": url + "wfs/filosofi",
            "OVERPASS_URL": url + "api/interpreter",
            "ROADS_URL": url + "wfs/bdtopo",
            "BPE_URL": url + "insee/BPE25.zip",
            "GTFS_URL": url + "tdg",
            "REFRESH_CACHE": True,
            "OUTPUT": out,
        },
    }
    return dict(table[algorithm_id])


def assert_nothing_written(tmp_path):
    """No output, no twin, no GTFS feed kept (the cache may hold what was downloaded; input/ holds test inputs)."""
    kept = {"cache", "input"}
    left = [p.name for p in tmp_path.rglob("*") if p.is_file() and not kept & set(p.relative_to(tmp_path).parts)]
    assert left == [], left


# -- checks made before any request ---------------------------------------------------------------------


@pytest.mark.parametrize("algorithm_id", FETCHERS)
def test_output_equal_to_the_territory_layer_is_refused_and_the_layer_kept(run_alg, httpserver, tmp_path, algorithm_id):
    if algorithm_id == "vigie:fetchterritory":
        pytest.skip("fetchterritory reads no layer: its only inputs are codes, URLs and CSV/zip files")
    territory = tmp_path / "territory.geojson"
    shutil.copyfile(shared_path(*HA, COMMUNES), territory)
    before = territory.read_bytes()
    parameters = fetch_parameters(algorithm_id, httpserver, tmp_path)
    parameters.update(TERRITORY="", TERRITORY_LAYER=str(territory), OUTPUT=str(territory))
    message = assert_refused(run_alg, algorithm_id, parameters, "OUTPUT", earlier={str(territory): before})
    assert "TERRITORY_LAYER" in message
    assert not httpserver.log


@pytest.mark.parametrize("algorithm_id", FETCHERS)
def test_read_only_output_folder_is_refused_before_any_request(run_alg, httpserver, tmp_path, request, algorithm_id):
    folder = request.getfixturevalue("read_only_folder")
    parameters = fetch_parameters(algorithm_id, httpserver, tmp_path)
    parameters["OUTPUT"] = str(folder / "out.gpkg")
    message = assert_refused(run_alg, algorithm_id, parameters, "OUTPUT")
    assert "read-only" in message or "writable" in message
    assert not httpserver.log


@pytest.mark.parametrize("code", ["ABC", "0506", "999999999"])
@pytest.mark.parametrize("algorithm_id", FETCHERS)
def test_bad_territory_code_is_refused_naming_territory(run_alg, httpserver, tmp_path, algorithm_id, code):
    """Malformed codes are refused before any request; a well-formed unknown one when geo.api says so (404)."""
    if code == "999999999" and algorithm_id in ("vigie:fetchbpe", "vigie:fetchsirene"):
        pytest.skip(f"{algorithm_id} asks its own service for an EPCI, not geo.api: its answer is not replayed here")
    parameters = fetch_parameters(algorithm_id, httpserver, tmp_path)
    parameters["TERRITORY"] = code
    httpserver.expect_request(re.compile(".*")).respond_with_json({"message": "not found"}, status=404)
    assert_refused(run_alg, algorithm_id, parameters, "TERRITORY")
    assert_nothing_written(tmp_path)


# -- what the services answer ---------------------------------------------------------------------------


class AnswerTooLate:
    """Answers after the client gave up (read timeout 0.5 s), or at once when the test releases it.

    Released before the test ends, so that no request still waiting is logged into the next test.
    """

    def __init__(self):
        self.released = threading.Event()
        self.calls = 0

    def __call__(self, request):
        self.calls += 1
        self.released.wait(3.0)
        return Response("{}", content_type="application/json")

    def release(self, httpserver):
        self.released.set()
        deadline = time.monotonic() + 10
        while len(httpserver.log) < self.calls and time.monotonic() < deadline:
            time.sleep(0.05)


ANSWERS = {
    "401": lambda request: Response('{"message": "unauthorized"}', status=401, content_type="application/json"),
    "429": lambda request: Response("slow down", status=429, headers={"Retry-After": "0"}),
    "503": lambda request: Response("boom", status=503),
    "timeout": AnswerTooLate,  # a new one per test (see the test)
    "truncated": lambda request: Response(
        '{"type": "FeatureCollection", "features": [{"ty', mimetype="application/json"
    ),
    "html": lambda request: Response("<!DOCTYPE html><html><body>Maintenance</body></html>", content_type="text/html"),
}


@pytest.fixture
def short_timeouts(monkeypatch):
    """Read timeouts of half a second (the client's own default is two minutes)."""
    from vigie.processing_algorithms import fetch_common

    made = fetch_common.client_for

    def quick(*args, **kwargs):
        client = made(*args, **kwargs)
        client.timeout = (2.0, 0.5)
        return client

    monkeypatch.setattr(fetch_common, "client_for", quick)


def service_of_first_request(parameters, httpserver):
    """The URL parameter whose root the first request went to (the longest root that is a prefix of its path)."""
    path = httpserver.log[0][0].path
    roots = {
        name: urlsplit(value).path.rstrip("/")
        for name, value in parameters.items()
        if name.endswith("_URL") and isinstance(value, str) and value.startswith("http")
    }
    return max((root, name) for name, root in roots.items() if path.startswith(root + "/") or path == root)[1]


@pytest.mark.parametrize("answer", sorted(ANSWERS))
@pytest.mark.parametrize("algorithm_id", FETCHERS)
def test_a_failing_service_is_refused_naming_its_url_parameter(
    run_alg, httpserver, short_timeouts, tmp_path, algorithm_id, answer
):
    from qgis.core import QgsProcessingException

    parameters = fetch_parameters(algorithm_id, httpserver, tmp_path)
    handler = AnswerTooLate() if ANSWERS[answer] is AnswerTooLate else ANSWERS[answer]
    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    try:
        with pytest.raises(QgsProcessingException) as error:
            run_alg(algorithm_id, parameters)
    finally:
        if isinstance(handler, AnswerTooLate):
            handler.release(httpserver)
    message = str(error.value)
    assert f"{service_of_first_request(parameters, httpserver)}: " in message, message
    if answer == "401" and algorithm_id != "vigie:fetchsirene":  # only API Sirene takes a key (AUTHCFG)
        assert "AUTHCFG" not in message and "needs no key" in message, message
    assert_nothing_written(tmp_path)


# -- archives whose entries escape their folder (zip slip) ------------------------------------------------

NO_ARCHIVE = "reads no archive (JSON and GeoJSON answers only)"
# (fetcher, the parameter the archive comes from): downloaded from a service root, or a local file.
ZIP_SLIP = [
    ("vigie:fetchbpe", "BASE_URL"),
    ("vigie:fetchbpe", "LOCAL_FILE"),
    ("vigie:fetchchildcare", "BPE_LOCAL_FILE"),
    ("vigie:fetchpopulation", "LOCAL_FILE"),
    ("vigie:fetchgtfs", "BASE_URL"),
    ("vigie:fetchterritory", "BPE_FILE"),
    pytest.param("vigie:fetchboundaries", "", marks=pytest.mark.skip(reason=f"fetchboundaries {NO_ARCHIVE}")),
    pytest.param("vigie:fetchsirene", "", marks=pytest.mark.skip(reason=f"fetchsirene {NO_ARCHIVE}")),
    pytest.param("vigie:fetchroads", "", marks=pytest.mark.skip(reason=f"fetchroads {NO_ARCHIVE}")),
]


@pytest.mark.parametrize("algorithm_id, origin", ZIP_SLIP)
def test_an_archive_escaping_its_folder_is_refused_naming_where_it_came_from(
    run_alg, httpserver, tmp_path, request, algorithm_id, origin
):
    parameters = fetch_parameters(algorithm_id, httpserver, tmp_path)
    evil = evil_zip_bytes()
    if origin.endswith("_FILE"):
        archive = tmp_path / "input" / "evil.zip"
        archive.parent.mkdir()
        archive.write_bytes(evil)
        parameters[origin] = str(archive)
    # Everything before the archive answers well: the communes of the EPCI at the root.
    parameters.update({name: httpserver.url_for("/") for name in ("BOUNDARIES_URL",) if name in parameters})
    if algorithm_id == "vigie:fetchterritory":  # the steps before the services (BPE) answer in full
        parameters = kit_parameters(httpserver, tmp_path / "out.gpkg", **{origin: parameters[origin]})
        serve(httpserver, request.getfixturevalue("payloads"))
    serve_epci_communes(httpserver)
    if algorithm_id == "vigie:fetchgtfs":  # the catalogue lists two feeds, both served as the evil zip
        text = (FIXTURES / "tdg_datasets_covered_area_list.json").read_text(encoding="utf-8")
        text = text.replace("{BASE}", httpserver.url_for("/").rstrip("/"))
        httpserver.expect_request("/service/api/datasets").respond_with_data(text, content_type="application/json")
    httpserver.expect_request(re.compile(".*")).respond_with_data(evil, content_type="application/zip")
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as error:
        run_alg(algorithm_id, parameters)
    message = str(error.value)
    assert f"{origin}: " in message, message
    assert "escapes its folder" in message, message
    assert not (tmp_path.parent / "escaped.txt").exists()
    if algorithm_id == "vigie:fetchterritory":
        # The kit keeps the layers of the steps before (it resumes from them), and nothing of this one.
        kit = tmp_path / "out.gpkg"
        assert [row["layer"] for row in rows(kit, "manifest")] == [
            "territory",
            "communes",
            "epci",
            "population",
            "roads",
        ]
        kit.unlink()
    assert_nothing_written(tmp_path)
