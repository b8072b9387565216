#!/usr/bin/env python3
"""Offline territory kits from the real Hautes-Alpes sample (../shared/data/hautes-alpes), in the kit layout.

    python3 scripts/sample_kit.py kit.gpkg                         # the communes of the Gap–Champsaur square
    python3 scripts/sample_kit.py kit.gpkg --communes 05061,05023  # chosen communes
    python3 scripts/sample_kit.py --groups 3 --out-dir kits/       # the square split into 3 kits (batch tests)

From Python: ``build_sample_kit(shared_dir, out_path, commune_codes=None, name=None)`` and
``build_sample_kits(shared_dir, out_dir, groups=3)`` (import this file with ``importlib`` or put
``scripts/`` on ``sys.path``). No network, no QGIS application: GDAL/OGR only.

What each layer holds (all real data, EPSG:2154; see the kit's ``manifest`` table):
- ``communes`` (IGN ADMIN EXPRESS 2018, simplified) and ``territory`` (their union); the sample has
  no EPCI membership, so ``communes.epci`` is empty and the ``epci`` layer is the union of the chosen
  communes with an empty code (said in the manifest);
- ``population``: INSEE Filosofi 2019 200 m cells whose centre is in a chosen commune (``depcom`` by
  that centre; ``men`` is not in the sample: NULL);
- ``roads``: drivable OSM ways (July 2021) touching the territory plus ``buffer_km``: from the
  population square's file by default; with ``roads="department"`` (``--department-roads``) from the
  whole département's, so that a 20 km buffer holds what vigie:fetchterritory would fetch (the
  square's file stops at the square: about 7,100 ways per kit instead of 11,800–13,200);
- ``services``: FINESS hospitals (2020) and, per commune, the BPE 2017 counts of general
  practitioners (D201) and maternity wards (D107) as that many points at a point inside the commune,
  marked ``approximate`` = 1 and ``position_quality`` = ``commune`` — within the buffer too;
- ``gtfs_stops``: SNCF TER (2017-11) stops within the buffer.
"""

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path("data") / "hautes-alpes"
DEFAULT_BUFFER_KM = 20.0
# The population grid's square (EPSG:3035): the default territory is the communes whose inner point is in it.
ROAD_FILES = {
    "square": "roads-osm-2021-07-gap-champsaur-drivable.gpkg",
    "department": "roads-osm-2021-07-drivable.geojson.gz",
}
GRID_SQUARE_3035 = (3993600, 2384000, 4019200, 2409600)


SCRIPTS = str(Path(__file__).resolve().parent)
if SCRIPTS not in sys.path:  # loaded with importlib (the tests): pkgroot.py sits beside this file
    sys.path.insert(0, SCRIPTS)

from pkgroot import package_root  # noqa: E402

package_root(REPO_ROOT)

from osgeo import ogr, osr  # noqa: E402

from vigie.plugin.core.reference.bpe_ranges import type_labels  # noqa: E402
from vigie.plugin.core.sources.territory_kit import KIT_EPSG, LayerData, Step, run_steps  # noqa: E402
from vigie.plugin.kit_geopackage import KitGeoPackage  # noqa: E402

ogr.UseExceptions()
LICENCE_LO = "Licence Ouverte 2.0"


def _transform(from_epsg):
    return osr.CoordinateTransformation(_srs(from_epsg), _srs(KIT_EPSG))


def _features(path, from_epsg=4326, within=None):
    """(attributes, geometry in EPSG:2154) of every feature of a file (only those whose bounding box meets
    the bounding box of ``within``, a geometry in EPSG:2154, when given)."""
    transform = _transform(from_epsg)
    ds = ogr.Open(_gdal_name(path))
    layer = ds.GetLayer(0)
    if within is not None:
        box = within.Clone()
        box.Transform(osr.CoordinateTransformation(_srs(KIT_EPSG), _srs(from_epsg)))
        xmin, xmax, ymin, ymax = box.GetEnvelope()
        layer.SetSpatialFilterRect(xmin, ymin, xmax, ymax)
    definition = layer.GetLayerDefn()
    names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    for feature in layer:
        geometry = feature.GetGeometryRef().Clone()
        geometry.FlattenTo2D()
        geometry.Transform(transform)
        yield {name: feature.GetField(i) for i, name in enumerate(names)}, geometry


def _gdal_name(path):
    path = str(path)
    return "/vsigzip/" + path if path.endswith(".gz") else path


def _field_types(path):
    ds = ogr.Open(_gdal_name(path))  # keep the datasource alive while its layer is read
    layer = ds.GetLayer(0)
    kinds = {ogr.OFTInteger: "int", ogr.OFTInteger64: "int", ogr.OFTReal: "float"}
    definition = layer.GetLayerDefn()
    return {
        definition.GetFieldDefn(i).GetName(): kinds.get(definition.GetFieldDefn(i).GetType(), "str")
        for i in range(definition.GetFieldCount())
    }


class SampleTerritory:
    """The sample's communes (all 163, EPSG:2154) and the chosen ones, read once."""

    def __init__(self, shared_dir, commune_codes=None, name=None, buffer_km=DEFAULT_BUFFER_KM, roads="square"):
        if roads not in ROAD_FILES:
            raise ValueError(f"roads: one of {', '.join(ROAD_FILES)}")
        self.roads = roads
        self.data = Path(shared_dir) / SAMPLE
        self.all = list(_features(self.data / "communes-2018-population.geojson"))
        self.envelopes = [geom.GetEnvelope() for _, geom in self.all]
        if commune_codes is None:
            commune_codes = default_communes(shared_dir)
        known = {attrs["code"] for attrs, _ in self.all}
        unknown = [code for code in commune_codes if code not in known]
        if unknown:
            raise ValueError(f"communes not in the sample: {', '.join(unknown)}")
        self.codes = list(commune_codes)
        self.name = name or f"sample-{len(self.codes)}-communes"
        self.buffer_km = float(buffer_km)
        self.chosen = [(attrs, geom) for attrs, geom in self.all if attrs["code"] in set(self.codes)]
        union = ogr.Geometry(ogr.wkbMultiPolygon)
        for _, geom in self.chosen:
            union = union.Union(geom)
        self.union = union
        self.zone = union.Buffer(self.buffer_km * 1000.0, 8) if self.buffer_km > 0 else union

    def commune_of(self, point):
        x, y = point.GetX(), point.GetY()
        for (attrs, geom), (xmin, xmax, ymin, ymax) in zip(self.all, self.envelopes):
            if xmin <= x <= xmax and ymin <= y <= ymax and geom.Contains(point):
                return attrs["code"]
        return None

    def query(self):
        return f"communes={','.join(self.codes)}; buffer_km={self.buffer_km:g}"


def default_communes(shared_dir):
    """Communes of the sample whose inner point lies in the population grid's square, sorted by code."""
    back = osr.CoordinateTransformation(_srs(KIT_EPSG), _srs(3035))
    xmin, ymin, xmax, ymax = GRID_SQUARE_3035
    codes = []
    for attrs, geom in _features(Path(shared_dir) / SAMPLE / "communes-2018-population.geojson"):
        point = geom.PointOnSurface()
        point.Transform(back)
        if xmin <= point.GetX() <= xmax and ymin <= point.GetY() <= ymax:
            codes.append(attrs["code"])
    return sorted(codes)


def _srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _boundaries(t):
    communes = [
        {
            "wkt": geom.ExportToWkt(),
            "code": attrs["code"],
            "nom": attrs["nom"],
            "epci": None,
            "dep": attrs["code"][:2],
            "reg": "93",  # Provence-Alpes-Côte d'Azur (every commune of the sample is in the Hautes-Alpes)
            "population": attrs.get("population"),
        }
        for attrs, geom in t.chosen
    ]
    source = "file ../shared/data/hautes-alpes/communes-2018-population.geojson (IGN ADMIN EXPRESS 2018 + INSEE)"
    return [
        LayerData(
            "territory",
            [{"wkt": t.union.ExportToWkt(), "name": t.name, "codes": ",".join(t.codes), "buffer_km": t.buffer_km}],
            source_url=source,
            edition="ADMIN EXPRESS 2018",
            licence=LICENCE_LO,
            query=t.query(),
        ),
        LayerData(
            "communes", communes, source_url=source, edition="ADMIN EXPRESS 2018", licence=LICENCE_LO, query=t.query()
        ),
        LayerData(
            "epci",
            [{"wkt": t.union.ExportToWkt(), "code": None, "nom": t.name}],
            source_url=source,
            edition="ADMIN EXPRESS 2018",
            licence=LICENCE_LO,
            query="sample: union of the chosen communes, not an official EPCI (the sample has no EPCI membership)",
        ),
    ]


def _population(t):
    rows = []
    wanted = set(t.codes)
    for attrs, geom in _features(t.data / "population-filosofi2019-200m-gap-champsaur.gpkg", from_epsg=3035):
        depcom = t.commune_of(geom.Centroid())
        if depcom not in wanted:
            continue
        row = {key: attrs.get(key) for key in attrs if key.startswith("ind")}
        row.update(
            wkt=geom.ExportToWkt(),
            idcar_200m=attrs["idcar_200m"],
            men=None,
            depcom=depcom,
            imputed=int(attrs.get("imputed") or 0),
        )
        rows.append(row)
    return [
        LayerData(
            "population",
            rows,
            edition="Filosofi 2019 (200 m)",
            licence=LICENCE_LO,
            query=t.query(),
            source_url="file ../shared/data/hautes-alpes/population-filosofi2019-200m-gap-champsaur.gpkg (INSEE)",
        )
    ]


def _roads(t):
    path = t.data / ROAD_FILES[t.roads]
    rows = []
    for attrs, geom in _features(path, within=t.zone):
        if geom.Intersects(t.zone):
            rows.append(dict(attrs, wkt=geom.ExportToWkt()))
    return [
        LayerData(
            "roads",
            rows,
            fields=_field_types(path),
            edition="OpenStreetMap 2021-07 (Geofabrik)",
            licence="ODbL, © OpenStreetMap contributors",
            query=t.query(),
            source_url=f"file ../shared/data/hautes-alpes/{ROAD_FILES[t.roads]}",
        )
    ]


def _services(t):
    labels = type_labels("2017")
    rows = []
    for attrs, geom in _features(t.data / "health-facilities-finess-2020.geojson"):
        if geom.Within(t.zone):
            rows.append(
                {
                    "wkt": geom.ExportToWkt(),
                    "typequ": None,
                    "typequ_label": "Établissement de santé (FINESS)",
                    "bpe_range": None,
                    "name": attrs.get("hospital_name") or attrs.get("site_name"),
                    "depcom": t.commune_of(geom),
                    "position_quality": attrs.get("geo_qual") or "address",
                    "approximate": 0,
                    "capacity": _number(attrs.get("cap_beds")),
                    "source": "FINESS 2020 via Eurostat GISCO",
                }
            )
    for attrs, geom in t.all:
        point = geom.PointOnSurface()
        if not point.Within(t.zone):
            continue
        for code, column in (("D201", "bpe2017_D201_generalistes"), ("D107", "bpe2017_D107_maternites")):
            for _ in range(int(attrs.get(column) or 0)):
                rows.append(
                    {
                        "wkt": point.ExportToWkt(),
                        "typequ": code,
                        "typequ_label": labels[code],
                        "bpe_range": None,
                        "name": f"{labels[code]} ({attrs['nom']})",
                        "depcom": attrs["code"],
                        "position_quality": "commune",
                        "approximate": 1,
                        "capacity": None,
                        "source": "INSEE BPE 2017, count per commune placed inside the commune",
                    }
                )
    return [
        LayerData(
            "services",
            rows,
            edition="FINESS 2020; BPE 2017 (counts per commune)",
            licence="FINESS via Eurostat GISCO; INSEE BPE, " + LICENCE_LO,
            query=t.query() + "; BPE D201, D107 counts placed at a point inside each commune (approximate)",
            source_url="file ../shared/data/hautes-alpes/health-facilities-finess-2020.geojson; "
            "file ../shared/data/hautes-alpes/communes-2018-population.geojson (BPE 2017 counts)",
        )
    ]


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _gtfs_stops(t):
    transform = _transform(4326)
    rows = []
    with zipfile.ZipFile(t.data / "gtfs-sncf-ter-2017-11.zip") as archive:
        text = io.TextIOWrapper(archive.open("stops.txt"), encoding="utf-8-sig")
        for stop in csv.DictReader(text):
            if stop.get("location_type") not in (None, "", "0"):
                continue
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(float(stop["stop_lon"]), float(stop["stop_lat"]))
            point.Transform(transform)
            if point.Within(t.zone):
                rows.append(
                    {
                        "wkt": point.ExportToWkt(),
                        "stop_id": stop["stop_id"],
                        "stop_name": stop.get("stop_name"),
                        "feed": "gtfs-sncf-ter-2017-11.zip",
                    }
                )
    return [
        LayerData(
            "gtfs_stops",
            rows,
            edition="SNCF TER 2017-11",
            licence="ODbL (SNCF)",
            query=t.query(),
            source_url="file ../shared/data/hautes-alpes/gtfs-sncf-ter-2017-11.zip",
        )
    ]


def sample_steps():
    return [
        Step("boundaries", ("territory", "communes", "epci"), _boundaries),
        Step("population", ("population",), _population),
        Step("roads", ("roads",), _roads),
        Step("services", ("services",), _services),
        Step("gtfs", ("gtfs_stops",), _gtfs_stops),
    ]


def build_sample_kit(
    shared_dir, out_path, commune_codes=None, name=None, buffer_km=DEFAULT_BUFFER_KM, log=None, roads="square"
):
    """Write a kit GeoPackage at ``out_path`` from the real sample; returns {layer: feature count}.

    An existing file is replaced (a sample kit is rebuilt, never resumed).
    """
    out_path = Path(out_path)
    if out_path.exists():
        out_path.unlink()
    territory = SampleTerritory(shared_dir, commune_codes, name, buffer_km, roads)
    run = run_steps(sample_steps(), KitGeoPackage(out_path), context=territory, refresh=True, log=log)
    return run.counts


def commune_groups(shared_dir, groups=3):
    """The default communes split west to east into ``groups`` groups of near-equal size (by inner point)."""
    codes = set(default_communes(shared_dir))
    points = sorted(
        (geom.PointOnSurface().GetX(), attrs["code"])
        for attrs, geom in _features(Path(shared_dir) / SAMPLE / "communes-2018-population.geojson")
        if attrs["code"] in codes
    )
    ordered = [code for _, code in points]
    # Sizes differ by one at most, and there are ``groups`` of them (26 communes in 8: 4, 4, then 3s).
    size, larger = divmod(len(ordered), groups)
    bounds = [index * size + min(index, larger) for index in range(groups + 1)]
    return [sorted(ordered[bounds[i] : bounds[i + 1]]) for i in range(groups) if bounds[i] < bounds[i + 1]]


def build_sample_kits(shared_dir, out_dir, groups=3, buffer_km=DEFAULT_BUFFER_KM, roads="square"):
    """Several kits (``kit-1.gpkg`` …) for batch tests; returns the list of their paths."""
    out_dir = Path(out_dir)
    paths = []
    for number, codes in enumerate(commune_groups(shared_dir, groups), start=1):
        path = out_dir / f"kit-{number}.gpkg"
        build_sample_kit(shared_dir, path, codes, name=f"sample-group-{number}", buffer_km=buffer_km, roads=roads)
        paths.append(path)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", nargs="?", type=Path, help="the kit GeoPackage to write")
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared", help="the shared data folder")
    parser.add_argument("--communes", help="comma-separated commune codes (default: the Gap–Champsaur square)")
    parser.add_argument("--name", help="the territory's name in the kit")
    parser.add_argument("--buffer-km", type=float, default=DEFAULT_BUFFER_KM, help="margin for roads and services")
    parser.add_argument("--groups", type=int, help="build this many kits, the square's communes split west to east")
    parser.add_argument("--out-dir", type=Path, default=Path("kits"), help="with --groups: where the kits go")
    parser.add_argument(
        "--department-roads",
        action="store_true",
        help="roads from the whole département's file (the buffer beyond the square filled, as a fetched kit's)",
    )
    args = parser.parse_args(argv)
    roads = "department" if args.department_roads else "square"
    if args.groups:
        for path in build_sample_kits(args.shared, args.out_dir, args.groups, args.buffer_km, roads):
            print(path)
        return 0
    if args.output is None:
        parser.error("give the output .gpkg (or --groups N)")
    codes = [c.strip() for c in args.communes.split(",") if c.strip()] if args.communes else None
    counts = build_sample_kit(args.shared, args.output, codes, args.name, args.buffer_km, log=print, roads=roads)
    print(args.output, counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
