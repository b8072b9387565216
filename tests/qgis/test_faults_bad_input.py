"""Every algorithm × every bad-input class of issue 12: a QgsProcessingException naming the parameter, no output.

Inputs are the real sample territory (../shared/data/hautes-alpes); a file an output could destroy is
always a copy in tmp_path, never the shared file. "No partial output" = the OUTPUT path does not exist
afterwards (or is byte-identical to the earlier file) and no temporary twin is left in its folder.
"""

import math
import shutil
import subprocess

import pytest
from conftest import shared_path

HA = ("data", "hautes-alpes")
ROADS = "roads-osm-2021-07-gap-champsaur-drivable.gpkg"
CELLS = "population-filosofi2019-200m-gap-champsaur.gpkg"
HEALTH = "health-facilities-finess-2020.geojson"
COMMUNES = "communes-2018-population.geojson"
GTFS = "gtfs-sncf-ter-2017-11.zip"


def ha(name):
    return str(shared_path(*HA, name))


def base_parameters(algorithm_id, tmp_path):
    """Valid parameters of each algorithm on the sample (inputs by path), OUTPUT in tmp_path."""
    out = str(tmp_path / "out.gpkg")
    network = {"NETWORK": ha(ROADS)}
    table = {
        "vigie:roadtraveltime": {**network, "ORIGINS": ha(CELLS), "DESTINATIONS": ha(HEALTH), "OUTPUT": out},
        "vigie:odmatrix": {
            **network,
            "ORIGINS": ha(COMMUNES),
            "DESTINATIONS": ha(HEALTH),
            "MAX_TIME": 10,
            "K": 1,
            "OUTPUT": out,
        },
        "vigie:isochrones": {**network, "DESTINATIONS": ha(HEALTH), "BANDS": "5,10", "OUTPUT": out},
        "vigie:accessibility2sfca": {
            **network,
            "SUPPLY": ha(HEALTH),
            "DEMAND": ha(CELLS),
            "CATCHMENT": 20,
            "OUTPUT": out,
            "OUTPUT_SUPPLY": str(tmp_path / "supply.gpkg"),
        },
        "vigie:coverage": {
            "POPULATION": ha(CELLS),
            "POPULATION_FIELD": "ind",
            "TIME_FIELD": "ind_0_3",
            "AREAS": ha(COMMUNES),
            "THRESHOLDS": "10,20",
            "OUTPUT": out,
        },
        "vigie:transittraveltime": {
            "GTFS": ha(GTFS),
            "DATE": "2017-11-14",
            "ORIGINS": ha(CELLS),
            "DESTINATIONS": ha(HEALTH),
            "OUTPUT": out,
        },
        "vigie:gtfsstops": {"GTFS": ha(GTFS), "DATE": "2017-11-14", "OUTPUT": out},
        "vigie:maplayout": {"LAYERS": [ha(COMMUNES)], "OUTPUT_PDF": str(tmp_path / "out.pdf")},
        "vigie:atlaslayout": {
            "AREAS": ha(COMMUNES),
            "LAYERS": [ha(COMMUNES)],
            "OUTPUT_PDF": str(tmp_path / "out.pdf"),
        },
        "vigie:servicebasket": {
            **network,
            "ORIGINS": ha(CELLS),
            "SERVICES": ha(HEALTH),
            "CATEGORY_FIELD": "facility_type",
            "BASKET": 4,  # every category present in the services
            "AREAS": ha(COMMUNES),
            "AREA_FIELD": "code",
            "OUTPUT": out,
            "OUTPUT_AREAS": str(tmp_path / "areas.gpkg"),
        },
        "vigie:bestlocation": {
            **network,
            "ORIGINS": ha(CELLS),
            "EXISTING": ha(HEALTH),
            "CANDIDATES": ha(COMMUNES),
            "CANDIDATE_ID_FIELD": "nom",
            "COUNT": 3,
            "MAX_TIME": 15,
            "OUTPUT": out,
            "OUTPUT_ORIGINS": str(tmp_path / "origins.gpkg"),
        },
        "vigie:servicescenario": {
            **network,
            "ORIGINS": ha(CELLS),
            "SERVICES": ha(HEALTH),
            "SERVICE_ID_FIELD": "id",
            "CLOSE": "\"city\" = 'GAP'",
            "THRESHOLDS": "10,20",
            "AREAS": ha(COMMUNES),
            "AREA_FIELD": "code",
            "OUTPUT": out,
            "OUTPUT_AREAS": str(tmp_path / "areas.gpkg"),
        },
        # The same cells twice: a real pair of results with a key, indicators and a weight.
        "vigie:comparediagnostics": {
            "BEFORE": ha(CELLS),
            "AFTER": ha(CELLS),
            "KEY_FIELD": "idcar_200m",
            "FIELDS": ["ind"],
            "WEIGHT_FIELD": "ind",
            "OUTPUT": out,
        },
        "vigie:report": {
            "COVERAGE": _coverage_table(tmp_path),
            "TITLE": "Accès aux hôpitaux",
            "OUTPUT_PDF": str(tmp_path / "out.pdf"),
        },
        "vigie:publish": {
            "LAYERS": [ha(COMMUNES)],
            "TITLE": "Accès aux hôpitaux",
            "OUTPUT_FOLDER": str(tmp_path / "package.zip"),
        },
    }
    return dict(table[algorithm_id])


def _coverage_table(tmp_path):
    """A vigie:coverage output per commune on the sample (the input vigie:report reads), made once per test."""
    import processing

    table = tmp_path / "coverage-per-commune.gpkg"
    if not table.exists():
        parameters = {
            "POPULATION": ha(CELLS),
            "POPULATION_FIELD": "ind",
            "TIME_FIELD": "ind_0_3",
            "AREAS": ha(COMMUNES),
            "THRESHOLDS": "10,20",
            "OUTPUT": str(table),
        }
        processing.run("vigie:coverage", parameters)
    return str(table)


def main_output(parameters):
    """The output a user names first: OUTPUT, else the PDF, else the package folder."""
    return next(name for name in ("OUTPUT", "OUTPUT_PDF", "OUTPUT_FOLDER") if name in parameters)


ALGORITHMS = [
    "vigie:roadtraveltime",
    "vigie:odmatrix",
    "vigie:isochrones",
    "vigie:accessibility2sfca",
    "vigie:coverage",
    "vigie:transittraveltime",
    "vigie:gtfsstops",
    "vigie:maplayout",
    "vigie:atlaslayout",
    "vigie:servicebasket",
    "vigie:bestlocation",
    "vigie:servicescenario",
    "vigie:comparediagnostics",
    "vigie:report",
    "vigie:publish",
]


def _outputs(algorithm_id, parameters):
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    return [parameters[d.name()] for d in algorithm.destinationParameterDefinitions() if d.name() in parameters]


def assert_refused(run_alg, algorithm_id, parameters, parameter_name, earlier=None):
    """The run fails with a message naming ``parameter_name``; outputs absent (or as before), no twin left."""
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as error:
        run_alg(algorithm_id, parameters)
    message = str(error.value)
    assert parameter_name in message, message
    assert "Traceback" not in message
    for output in _outputs(algorithm_id, parameters):
        if not isinstance(output, str) or ":" in output.split("/")[0]:
            continue
        path = __import__("pathlib").Path(output)
        if earlier is not None and str(path) in earlier:
            assert path.read_bytes() == earlier[str(path)], f"{path} changed"
        else:
            assert not path.exists(), f"{path} written although the run failed"
        assert not [p.name for p in path.parent.iterdir() if "-vigie-tmp-" in p.name]
    return message


def _numeric_parameters(algorithm_id):
    from qgis.core import QgsApplication, QgsProcessingParameterNumber

    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    return [d.name() for d in algorithm.parameterDefinitions() if isinstance(d, QgsProcessingParameterNumber)]


def _field_parameters(algorithm_id, parameters):
    """Field parameters whose parent layer is given (the others are not used)."""
    from qgis.core import QgsApplication, QgsProcessingParameterField

    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    return [
        d.name()
        for d in algorithm.parameterDefinitions()
        if isinstance(d, QgsProcessingParameterField) and d.parentLayerParameterName() in parameters
    ]


# -- numbers: NaN, infinity, beyond bounds ------------------------------------------------------------


@pytest.mark.parametrize("algorithm_id", ALGORITHMS)
@pytest.mark.parametrize("bad", ["nan", "inf", "-inf"])
def test_every_number_must_be_finite(run_alg, vigie_provider, tmp_path, algorithm_id, bad):
    names = _numeric_parameters(algorithm_id)
    if not names:
        pytest.skip(f"{algorithm_id} has no numeric parameter")
    for name in names:
        parameters = base_parameters(algorithm_id, tmp_path)
        parameters[name] = bad if bad != "nan" else math.nan
        assert_refused(run_alg, algorithm_id, parameters, name)


@pytest.mark.parametrize("tolerance", [100000, 2000.5])
def test_tolerance_has_an_upper_bound(run_alg, tmp_path, tolerance):
    parameters = base_parameters("vigie:roadtraveltime", tmp_path)
    parameters["TOLERANCE"] = tolerance
    message = assert_refused(run_alg, "vigie:roadtraveltime", parameters, "TOLERANCE")
    assert "2000" in message


def test_too_many_thresholds_for_the_output_are_refused(run_alg, tmp_path):
    parameters = base_parameters("vigie:coverage", tmp_path)
    parameters["THRESHOLDS"] = ",".join(str(i) for i in range(1, 1001))
    assert_refused(run_alg, "vigie:coverage", parameters, "THRESHOLDS")


# -- fields -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm_id", ALGORITHMS)
def test_every_named_field_must_exist(run_alg, tmp_path, algorithm_id):
    names = _field_parameters(algorithm_id, base_parameters(algorithm_id, tmp_path))
    if not names:
        pytest.skip(f"{algorithm_id} has no field parameter")
    for name in names:
        parameters = base_parameters(algorithm_id, tmp_path)
        parameters[name] = "no_such_field"
        message = assert_refused(run_alg, algorithm_id, parameters, name)
        assert "no_such_field" in message


@pytest.mark.parametrize(
    "name, value",
    [("FIELDS", ["idcar_200m"]), ("FIELDS", ["ind", "idcar_200m"]), ("WEIGHT_FIELD", "idcar_200m")],
    ids=["FIELDS-text", "FIELDS-number-then-text", "WEIGHT_FIELD-text"],
)
def test_a_text_field_given_for_a_numeric_field_is_refused(run_alg, tmp_path, name, value):
    """idcar_200m (the cell's code, text) where comparediagnostics wants numbers: "not a number", named."""
    parameters = base_parameters("vigie:comparediagnostics", tmp_path)
    parameters[name] = value
    message = assert_refused(run_alg, "vigie:comparediagnostics", parameters, name)
    assert "idcar_200m" in message and "not a number" in message, message


# -- geometry types -----------------------------------------------------------------------------------

WRONG_GEOMETRY = {
    # parameter -> a sample layer of a geometry type it does not take
    ("vigie:roadtraveltime", "NETWORK"): HEALTH,
    ("vigie:roadtraveltime", "ORIGINS"): ROADS,
    ("vigie:roadtraveltime", "DESTINATIONS"): COMMUNES,
    ("vigie:odmatrix", "ORIGINS"): ROADS,
    ("vigie:odmatrix", "DESTINATIONS"): ROADS,
    ("vigie:isochrones", "DESTINATIONS"): COMMUNES,
    ("vigie:isochrones", "NETWORK"): CELLS,
    ("vigie:accessibility2sfca", "SUPPLY"): ROADS,
    ("vigie:accessibility2sfca", "DEMAND"): ROADS,
    ("vigie:coverage", "AREAS"): HEALTH,
    ("vigie:coverage", "POPULATION"): ROADS,
    ("vigie:transittraveltime", "ORIGINS"): ROADS,
    ("vigie:transittraveltime", "DESTINATIONS"): COMMUNES,
    ("vigie:atlaslayout", "AREAS"): HEALTH,
    ("vigie:servicebasket", "ORIGINS"): ROADS,
    ("vigie:servicebasket", "SERVICES"): COMMUNES,
    ("vigie:servicebasket", "AREAS"): HEALTH,
    ("vigie:bestlocation", "EXISTING"): ROADS,
    ("vigie:bestlocation", "CANDIDATES"): ROADS,
    ("vigie:servicescenario", "SERVICES"): COMMUNES,
    ("vigie:servicescenario", "AREAS"): HEALTH,
}


@pytest.mark.parametrize("key", sorted(WRONG_GEOMETRY), ids=lambda key: f"{key[0][6:]}-{key[1]}")
def test_wrong_geometry_type_is_refused_naming_the_parameter(run_alg, tmp_path, key):
    algorithm_id, name = key
    parameters = base_parameters(algorithm_id, tmp_path)
    parameters[name] = ha(WRONG_GEOMETRY[key])
    if algorithm_id == "vigie:coverage" and name == "POPULATION":
        parameters.pop("POPULATION_FIELD"), parameters.pop("TIME_FIELD")
    assert_refused(run_alg, algorithm_id, parameters, name)


def test_points_as_coverage_areas_say_polygons(run_alg, tmp_path):
    parameters = base_parameters("vigie:coverage", tmp_path)
    parameters["AREAS"] = ha(HEALTH)
    message = assert_refused(run_alg, "vigie:coverage", parameters, "AREAS")
    assert "polygon layer" in message


# -- outputs: an input's file, unknown format, read-only folder -----------------------------------------


def _layer_inputs(algorithm_id, parameters):
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    names = []
    for definition in algorithm.parameterDefinitions():
        value = parameters.get(definition.name())
        if not definition.isDestination() and isinstance(value, str) and "/shared/" in value:
            names.append(definition.name())
    return names


@pytest.mark.parametrize("algorithm_id", ALGORITHMS)
def test_output_equal_to_an_input_is_refused_and_the_input_kept(run_alg, tmp_path, algorithm_id):
    parameters = base_parameters(algorithm_id, tmp_path)
    output_name = main_output(parameters)
    accepted = {"OUTPUT": (".gpkg", ".geojson", ".shp"), "OUTPUT_PDF": (".pdf",), "OUTPUT_FOLDER": (".zip",)}[
        output_name
    ]
    inputs = _layer_inputs(algorithm_id, parameters)
    if not any(parameters[name].endswith(accepted) for name in inputs):
        pytest.skip(f"no input of {algorithm_id} has a format {output_name} writes: refused by its extension")
    for name in inputs:
        if not parameters[name].endswith(accepted):
            continue
        source = __import__("pathlib").Path(parameters[name])
        copy = tmp_path / f"input-{name.lower()}{source.suffix}"
        shutil.copyfile(source, copy)
        before = copy.read_bytes()
        trial = dict(parameters)
        trial[name] = str(copy)
        trial[output_name] = str(copy)
        message = assert_refused(run_alg, algorithm_id, trial, output_name, earlier={str(copy): before})
        assert name in message


@pytest.mark.parametrize("algorithm_id", ALGORITHMS)
def test_unknown_output_format_is_refused_with_the_accepted_ones(run_alg, tmp_path, algorithm_id):
    parameters = base_parameters(algorithm_id, tmp_path)
    name = main_output(parameters)
    if name == "OUTPUT_FOLDER":
        pytest.skip(f"{algorithm_id} writes a folder (any name) or a .zip: no format to refuse")
    parameters[name] = str(tmp_path / "x.xyz")
    message = assert_refused(run_alg, algorithm_id, parameters, name)
    assert ".xyz" in message
    assert (".gpkg" if name == "OUTPUT" else ".pdf") in message
    assert not list(tmp_path.glob("x.*"))


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder no one can write in: a read-only tmpfs when mounting works (root), else chmod 555."""
    import os

    folder = tmp_path / "read-only"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True)
        mounted = done.returncode == 0
        if not mounted:
            pytest.skip("running as root without the right to mount a read-only tmpfs")
    else:
        folder.chmod(0o555)
    yield folder
    if mounted:
        subprocess.run(["umount", str(folder)], check=False)
    else:
        folder.chmod(0o755)


@pytest.mark.parametrize("algorithm_id", ALGORITHMS)
def test_read_only_output_folder_is_refused_before_the_run(run_alg, tmp_path, read_only_folder, algorithm_id):
    parameters = base_parameters(algorithm_id, tmp_path)
    name = main_output(parameters)
    file_name = {"OUTPUT": "out.gpkg", "OUTPUT_PDF": "out.pdf", "OUTPUT_FOLDER": "package.zip"}[name]
    parameters[name] = str(read_only_folder / file_name)
    message = assert_refused(run_alg, algorithm_id, parameters, name)
    assert "read-only" in message or "writable" in message


# -- layers: damaged GeoPackage, all geometries NULL ----------------------------------------------------


@pytest.mark.parametrize("algorithm_id", ["vigie:roadtraveltime", "vigie:coverage", "vigie:odmatrix"])
def test_damaged_geopackage_is_not_a_readable_geopackage(run_alg, tmp_path, algorithm_id):
    damaged = tmp_path / "damaged.gpkg"
    damaged.write_bytes(shared_path(*HA, CELLS).read_bytes()[:4096])  # cut short, as by a failed copy
    parameters = base_parameters(algorithm_id, tmp_path)
    name = "POPULATION" if algorithm_id == "vigie:coverage" else "ORIGINS"
    parameters[name] = str(damaged)
    message = assert_refused(run_alg, algorithm_id, parameters, name)
    assert "not a readable GeoPackage" in message


def _null_geometries(tmp_path, name):
    """A copy of a sample layer whose every geometry is NULL."""
    from osgeo import ogr

    source = shared_path(*HA, name)
    copy = tmp_path / f"null-{source.stem}.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(copy), str(source)], check=True, capture_output=True)
    dataset = ogr.Open(str(copy), 1)
    layer = dataset.GetLayer(0)
    layer.StartTransaction()
    for feature in layer:
        feature.SetGeometry(None)
        layer.SetFeature(feature)
    layer.CommitTransaction()
    dataset = None
    return str(copy)


@pytest.mark.parametrize(
    "algorithm_id, name",
    [
        ("vigie:roadtraveltime", "ORIGINS"),
        ("vigie:roadtraveltime", "DESTINATIONS"),
        ("vigie:transittraveltime", "ORIGINS"),
        ("vigie:odmatrix", "ORIGINS"),
        ("vigie:coverage", "AREAS"),
    ],
)
def test_layers_without_any_geometry_are_refused(run_alg, tmp_path, algorithm_id, name):
    parameters = base_parameters(algorithm_id, tmp_path)
    parameters[name] = _null_geometries(tmp_path, __import__("pathlib").Path(parameters[name]).name)
    assert_refused(run_alg, algorithm_id, parameters, name)
