"""Loopback replays of today's services, built from the real Hautes-Alpes sample (never network, nothing copied).

- the Géoplateforme Filosofi WFS (``INSEE.FILOSOFI.INDICATORS:carreaux_200m``): GeoJSON features with
  ``id_inspire``, ``depcom``, ``i_car_est`` and the age bands *without* ``ind_18_24``; BBOX read in
  lon/lat order with the ``EPSG:4326`` suffix; at most 5,000 features a page whatever COUNT asks,
  ``numberMatched``/``numberReturned``; STARTINDEX paging;
- the national Filosofi file: a zip holding one .7z holding ``carreaux_200m_met.csv`` (+ mart, reun);
- geo.api.gouv.fr communes of an EPCI (GeoJSON contours);
- the Géoplateforme BD TOPO WFS (``BDTOPO_V3:troncon_de_route``) in the current schema (names in
  ``nom_collaboratif_*``, no ``nom_1_*``), answering in the SRSNAME asked, filtered by BBOX, at most
  ``cap`` features a page whatever COUNT asks, with a numeric ``numberMatched``.

The cells' ``depcom`` comes from the sample's commune outlines (point in polygon of the cell centre).
"""

import csv
import io
import json
import shutil
import subprocess
import zipfile
from functools import cache, lru_cache
from pathlib import Path

from pyproj import Transformer
from sample_kits import sample_kit_module

from vigie.plugin.core.sources.bpe import BPE2023_COLUMNS
from vigie.plugin.core.sources.population import AGE_COLUMNS

WFS_CAP = 5000
# The age bands the WFS serves: every band of the national file but ind_18_24.
FILOSOFI_BANDS = tuple(band for band in AGE_COLUMNS if band != "ind_18_24")


@lru_cache(maxsize=2)
def sample_cells(shared_dir):
    """Every real cell of the sample CSV with its depcom (by centre) and lon/lat centre: list of dicts."""
    kit = sample_kit_module()
    territory = kit.SampleTerritory(shared_dir, commune_codes=["05061"])
    from osgeo import ogr

    to_2154 = Transformer.from_crs(3035, 2154, always_xy=True)
    to_wgs = _to_wgs84()
    cells = []
    path = Path(shared_dir) / "data" / "hautes-alpes" / "population-filosofi2019-200m-gap-champsaur.csv"
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            x, y = float(row["x_sw_3035"]) + 100, float(row["y_sw_3035"]) + 100
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(*to_2154.transform(x, y))
            lon, lat = to_wgs.transform(x, y)
            cells.append({**row, "depcom": territory.commune_of(point), "lon": lon, "lat": lat})
    return tuple(cells)


@cache
def _to_wgs84():
    return Transformer.from_crs(3035, 4326, always_xy=True)


def wfs_feature(cell):
    """A cell as the WFS serves it today (geometry: the square in lon/lat)."""
    to_wgs = _to_wgs84()
    x, y = float(cell["x_sw_3035"]), float(cell["y_sw_3035"])
    ring = [list(to_wgs.transform(a, b)) for a, b in ((x, y), (x, y + 200), (x + 200, y + 200), (x + 200, y), (x, y))]

    def number(text):
        return float(text) if text not in ("", None) else None

    properties = {
        "id_inspire": cell["idcar_200m"],
        "ind": number(cell["ind"]),
        "men": None,
        "depcom": cell["depcom"],
        "nom_com": None,
        "i_car_est": int(cell["imputed"]),
        **{band: number(cell[band]) for band in FILOSOFI_BANDS},
    }
    return {
        "type": "Feature",
        "id": f"carreaux_200m.{cell['idcar_200m']}",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": properties,
    }


def shifted(cells, dx_m, prefix):
    """Copies of real cells moved east by ``dx_m`` (ids recomputed), in communes named ``prefix``+code."""
    to_wgs = _to_wgs84()
    out = []
    for cell in cells:
        x = float(cell["x_sw_3035"]) + dx_m
        y = float(cell["y_sw_3035"])
        lon, lat = to_wgs.transform(x + 100, y + 100)
        out.append(
            {
                **cell,
                "x_sw_3035": str(int(x)),
                "idcar_200m": f"CRS3035RES200mN{int(y)}E{int(x)}",
                "depcom": f"{prefix}{(cell['depcom'] or '00000')[1:]}",
                "lon": lon,
                "lat": lat,
            }
        )
    return out


def filosofi_wfs_handler(cells, log=None, cap=WFS_CAP):
    """A pytest-httpserver handler answering GetFeature like the Géoplateforme does today."""
    from werkzeug.wrappers import Response

    features = sorted(cells, key=lambda c: c["idcar_200m"])

    def handler(request):
        args = request.args
        if log is not None:
            log.append(dict(args))
        bbox = args["BBOX"].split(",")
        assert bbox[4] == "EPSG:4326", "the BBOX must use the plain EPSG:4326 suffix (lon/lat order)"
        west, south, east, north = (float(v) for v in bbox[:4])
        inside = [c for c in features if west <= c["lon"] < east and south <= c["lat"] < north]
        start, count = int(args.get("STARTINDEX", 0)), int(args.get("COUNT", 10))
        page = inside[start : start + min(count, cap)]
        body = {
            "type": "FeatureCollection",
            "features": [wfs_feature(c) for c in page],
            "numberMatched": len(inside),
            "numberReturned": len(page),
            "totalFeatures": len(inside),
        }
        return Response(json.dumps(body), content_type="application/json")

    return handler


def filosofi_csv_text(cells):
    """The national CSV layout (``idcar_200m, lcog_geo, ind, men, ind_0_3 … ind_80p``), comma-separated."""
    columns = ["idcar_200m", "i_est_200", "lcog_geo", "ind", "men", *AGE_COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for cell in cells:
        writer.writerow(
            [cell["idcar_200m"], cell["imputed"], cell["depcom"] or "", cell["ind"], ""]
            + [cell[c] for c in columns[5:]]
        )
    return out.getvalue()


def filosofi_zip_with_7z(cells, folder):
    """``Filosofi2019_carreaux_200m_csv.zip`` holding one .7z with met (the real cells), mart and reun CSVs."""
    seven = shutil.which("7z") or shutil.which("7za")
    if seven is None:
        return None
    folder = Path(folder)
    staging = folder / "staging"
    staging.mkdir(parents=True, exist_ok=True)
    (staging / "carreaux_200m_mart.csv").write_text(filosofi_csv_text(cells[:3]), encoding="utf-8")
    (staging / "carreaux_200m_met.csv").write_text(filosofi_csv_text(cells), encoding="utf-8")
    (staging / "carreaux_200m_reun.csv").write_text(filosofi_csv_text(cells[3:6]), encoding="utf-8")
    archive = folder / "Filosofi2019_carreaux_200m_csv.7z"
    subprocess.run(
        [seven, "a", "-bd", str(archive), "carreaux_200m_mart.csv", "carreaux_200m_met.csv", "carreaux_200m_reun.csv"],
        cwd=staging,
        check=True,
        capture_output=True,
    )
    path = folder / "Filosofi2019_carreaux_200m_csv.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as outer:
        outer.write(archive, archive.name)
    shutil.rmtree(staging)
    archive.unlink()
    return path


def geoapi_communes(shared_dir, codes, epci):
    """geo.api.gouv.fr /communes?codeEpci=… answer for real sample communes (contours, WGS84)."""
    path = Path(shared_dir) / "data" / "hautes-alpes" / "communes-2018-population.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        if props["code"] in codes:
            features.append(
                {
                    "type": "Feature",
                    "geometry": feature["geometry"],
                    "properties": {
                        "nom": props["nom"],
                        "code": props["code"],
                        "codesPostaux": [],
                        "siren": None,
                        "codeEpci": epci,
                        "codeDepartement": "05",
                        "codeRegion": "93",
                        "population": props["population"],
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def overpass_answer(shared_dir):
    """Overpass JSON (``out geom``) of the sample's real drivable OSM ways (Geofabrik fields back to OSM tags)."""
    from osgeo import ogr

    path = Path(shared_dir) / "data" / "hautes-alpes" / "roads-osm-2021-07-gap-champsaur-drivable.gpkg"
    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    oneway = {"F": "yes", "T": "-1", "B": None}
    elements = []
    for feature in layer:
        geometry = feature.GetGeometryRef()
        points = [{"lat": geometry.GetY(i), "lon": geometry.GetX(i)} for i in range(geometry.GetPointCount())]
        tags = {"highway": feature.GetField("fclass")}
        for key, value in (
            ("name", feature.GetField("name")),
            ("ref", feature.GetField("ref")),
            ("oneway", oneway.get(feature.GetField("oneway"))),
            ("maxspeed", str(feature.GetField("maxspeed")) if feature.GetField("maxspeed") else None),
        ):
            if value:
                tags[key] = value
        elements.append({"type": "way", "id": int(feature.GetField("osm_id")), "tags": tags, "geometry": points})
    return {"version": 0.6, "generator": "Overpass API (replay)", "elements": elements}


BDTOPO_TYPENAME = "BDTOPO_V3:troncon_de_route"


def bdtopo_features(shared_dir, schema="current", communes=None, epsg=2154):
    """The sample's real BD TOPO 2021 sections (``roads-bdtopo-2021-06/<commune>.geojson``, each section once)
    as the WFS serves them in EPSG:``epsg``.

    ``schema="current"``: only the properties today's ``troncon_de_route`` lists
    (``../shared/fixtures/wfs_schema_bdtopo_troncon_de_route.json``), names moved from ``nom_1_*`` to
    ``nom_collaboratif_*``; ``"2021"``: the properties as recorded.
    """
    folder = Path(shared_dir) / "data" / "hautes-alpes" / "roads-bdtopo-2021-06"
    schema_path = Path(shared_dir) / "fixtures" / "wfs_schema_bdtopo_troncon_de_route.json"
    current = {p["name"] for p in json.loads(schema_path.read_text(encoding="utf-8"))["properties"]}
    project = Transformer.from_crs(4326, epsg, always_xy=True)

    def reproject(coords):
        if coords and isinstance(coords[0], (int, float)):
            return [*project.transform(coords[0], coords[1]), *coords[2:]]
        return [reproject(part) for part in coords]

    features, seen = [], set()
    paths = sorted(folder.glob("*.geojson")) if communes is None else [folder / f"{c}.geojson" for c in communes]
    for path in paths:
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            old = feature["properties"]
            if old["cleabs"] in seen:
                continue
            seen.add(old["cleabs"])
            properties = dict(old)
            if schema == "current":  # today's troncon_de_route: no nom_1_*, names in nom_collaboratif_*
                properties = {k: v for k, v in old.items() if k in current}
                properties["nom_collaboratif_gauche"] = old.get("nom_1_gauche")
                properties["nom_collaboratif_droite"] = old.get("nom_1_droite")
            geometry = {
                "type": feature["geometry"]["type"],
                "coordinates": reproject(feature["geometry"]["coordinates"]),
            }
            features.append(
                {
                    "type": "Feature",
                    "id": f"troncon_de_route.{old['cleabs']}",
                    "geometry": geometry,
                    "properties": properties,
                }
            )
    return features


def _envelope(coords):
    if coords and isinstance(coords[0], (int, float)):
        return coords[0], coords[1], coords[0], coords[1]
    boxes = [_envelope(part) for part in coords]
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def bdtopo_wfs_handler(features, cap=WFS_CAP, epsg=2154, log=None):
    """A pytest-httpserver handler answering GetFeature on troncon_de_route like the Géoplateforme does today:
    features whose envelope meets the BBOX (given in the SRSNAME's CRS), at most ``cap`` per page whatever
    COUNT asks, STARTINDEX paging and a numeric ``numberMatched``."""
    from werkzeug.wrappers import Response

    indexed = [(feature, _envelope(feature["geometry"]["coordinates"])) for feature in features]

    def handler(request):
        args = request.args
        if log is not None:
            log.append(dict(args))
        assert args["TYPENAMES"] == BDTOPO_TYPENAME and args["SRSNAME"] == f"EPSG:{epsg}"
        *box, srs = args["BBOX"].split(",")
        assert srs == args["SRSNAME"], "the BBOX must be given in the SRSNAME's CRS"
        xmin, ymin, xmax, ymax = (float(v) for v in box)
        inside = [f for f, e in indexed if e[0] <= xmax and e[2] >= xmin and e[1] <= ymax and e[3] >= ymin]
        start, count = int(args.get("STARTINDEX", 0)), int(args.get("COUNT", 10))
        page = inside[start : start + min(count, cap)]
        body = {
            "type": "FeatureCollection",
            "features": page,
            "numberMatched": len(inside),
            "numberReturned": len(page),
            "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{epsg}"}},
        }
        return Response(json.dumps(body), content_type="application/json")

    return handler


BPE_ROW_COLUMNS = (
    "AN",
    "NOMRS",
    "DEPCOM",
    "DEP",
    "TYPEQU",
    "LAMBERT_X",
    "LAMBERT_Y",
    "QUALITE_XY",
    "EPSG",
    "QUALITE_GEOLOC",
    "LIBCOM",
)


def bpe2025_zip(shared_dir, fixture_csv):
    """``BPE25.zip`` in the 2025 layout (known columns by name in another order + unknown ones), with
    the real Gap rows of the 2023 fixture (exact positions) and, for every commune of the sample, its real
    BPE 2017 count of general practitioners as D265 rows at a point inside the commune, QUALITE_GEOLOC 33."""
    kit = sample_kit_module()
    territory = kit.SampleTerritory(shared_dir, commune_codes=["05061"])
    header = list(reversed(BPE2023_COLUMNS)) + [f"NEW_COLUMN_{i}" for i in range(21)]
    lines = [";".join(header)]
    with open(fixture_csv, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if row["LAMBERT_X"]:
                row = {**row, "AN": "2025"}
                lines.append(";".join(row.get(name, "") for name in header))
    for attrs, geom in territory.all:
        point = geom.PointOnSurface()
        for number in range(int(attrs.get("bpe2017_D201_generalistes") or 0)):
            values = {
                "AN": "2025",
                "NOMRS": f"MEDECIN {number + 1} ({attrs['nom']})",
                "DEPCOM": attrs["code"],
                "DEP": "05",
                "TYPEQU": "D265",
                "LAMBERT_X": f"{point.GetX():.2f}",
                "LAMBERT_Y": f"{point.GetY():.2f}",
                "QUALITE_XY": "M",
                "EPSG": "2154",
                "QUALITE_GEOLOC": "33",
                "LIBCOM": attrs["nom"],
            }
            lines.append(";".join(values.get(name, "") for name in header))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("BPE25.csv", "\n".join(lines) + "\n")
    return buffer.getvalue()


NATIONAL_TITLE = "Autocars nationaux"


def gtfs_catalogue(fixture_json, base_url, national=False):
    """transport.data.gouv.fr /api/datasets (covered_area as a list, the current shape) pointing at ``base_url``.

    ``national``: plus one dataset declared over the whole country (``covered_area`` type ``pays``, code
    ``FR``: national coach and rail feeds), id 900, its GTFS resource 901 at ``/feeds/national.zip``.
    """
    base = base_url.rstrip("/")
    datasets = json.loads(Path(fixture_json).read_text(encoding="utf-8").replace("{BASE}", base))
    if national:
        dataset = json.loads(json.dumps(datasets[1]))
        dataset.update(id="900", title=NATIONAL_TITLE, covered_area=[{"type": "pays", "insee": "FR", "nom": "France"}])
        dataset["resources"][0].update(id="901", url=f"{base}/feeds/national.zip")
        datasets.append(dataset)
    return datasets


def road_diagnostic_on_kit(kit_path, folder):
    """Run the shipped road diagnostic on a kit's layers (as a user gives them: ``kit.gpkg|layername=…``)."""
    from models_data import run_model, vigie_provider

    vigie_provider()
    layer = f"{kit_path}|layername="
    outputs = {
        "road:TRAVEL_TIMES": str(Path(folder) / "temps.gpkg"),
        "coverage:COVERAGE": str(Path(folder) / "couverture.gpkg"),
        "map:MAP_PDF": str(Path(folder) / "carte.pdf"),
    }
    inputs = {"NETWORK": "roads", "SERVICES": "services", "POPULATION": "population", "COMMUNES": "communes"}
    run_model("vigie:diagnostic_road_access", {**{k: layer + v for k, v in inputs.items()}, **outputs})
    return outputs
