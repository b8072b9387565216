"""Small territory kits for the batch runner's tests and benchmark, built offline from ../shared/data.

The Gap–Champsaur square of the population sample is cut into vertical strips (``groups``): each kit
holds the 200 m cells of its strip (EPSG:2154 polygons), the drivable OSM roads within its strip plus
``buffer_m``, and as services (``typequ``) the FINESS hospitals (D101) and, per commune, as many
points as BPE 2017 counts general practitioners (D201) and maternity wards (D107), at a point inside
the commune. Real data, kit layout (population, roads, services); GDAL only.
"""

from pathlib import Path

from osgeo import ogr, osr

HAUTES_ALPES = ("data", "hautes-alpes")


def _srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _copy_layer(target, name, source_layer, geometry_type, keep, transform, extra_fields=()):
    layer = target.CreateLayer(name, _srs(2154), geometry_type)
    definition = source_layer.GetLayerDefn()
    for i in range(definition.GetFieldCount()):
        layer.CreateField(definition.GetFieldDefn(i))
    for field_name, field_type in extra_fields:
        layer.CreateField(ogr.FieldDefn(field_name, field_type))
    layer.StartTransaction()
    for feature in source_layer:
        geometry = feature.GetGeometryRef().Clone()
        geometry.Transform(transform)
        if not keep(geometry):
            continue
        out = ogr.Feature(layer.GetLayerDefn())
        out.SetFrom(feature)
        out.SetGeometry(geometry)
        layer.CreateFeature(out)
    layer.CommitTransaction()
    return layer


def build_strip_kits(shared_data: Path, out_dir: Path, groups=2, buffer_m=8000.0) -> list:
    """Kits ``strip<i>.gpkg`` in ``out_dir`` (one per vertical strip of the population square)."""
    folder = Path(shared_data).joinpath(*HAUTES_ALPES[1:])
    out_dir.mkdir(parents=True, exist_ok=True)
    population = ogr.Open(str(folder / "population-filosofi2019-200m-gap-champsaur.gpkg"))
    cells = population.GetLayer(0)
    to_l93 = osr.CoordinateTransformation(_srs(3035), _srs(2154))
    from_wgs84 = osr.CoordinateTransformation(_srs(4326), _srs(2154))
    xs = []
    for feature in cells:
        geometry = feature.GetGeometryRef().Clone()
        geometry.Transform(to_l93)
        xs.append(geometry.Centroid().GetX())
    cells.ResetReading()
    low, high = min(xs), max(xs) + 1.0
    step = (high - low) / groups
    paths = []
    for index in range(groups):
        x0, x1 = low + index * step, low + (index + 1) * step
        path = out_dir / f"strip{index + 1}.gpkg"
        if path.exists():
            path.unlink()
        target = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        cells.ResetReading()
        _copy_layer(
            target,
            "population",
            cells,
            ogr.wkbPolygon,
            lambda g, x0=x0, x1=x1: x0 <= g.Centroid().GetX() < x1,
            to_l93,
        )
        extent = target.GetLayerByName("population").GetExtent()
        xmin, xmax, ymin, ymax = extent[0] - buffer_m, extent[1] + buffer_m, extent[2] - buffer_m, extent[3] + buffer_m

        def inside(g, xmin=xmin, xmax=xmax, ymin=ymin, ymax=ymax):
            gx0, gx1, gy0, gy1 = g.GetEnvelope()
            return gx1 >= xmin and gx0 <= xmax and gy1 >= ymin and gy0 <= ymax

        roads = ogr.Open(str(folder / "roads-osm-2021-07-gap-champsaur-drivable.gpkg"))
        _copy_layer(target, "roads", roads.GetLayer(0), ogr.wkbLineString, inside, from_wgs84)
        _write_services(target, folder, from_wgs84, inside)
        target = None
        paths.append(path)
    return paths


def _write_services(target, folder, transform, inside):
    layer = target.CreateLayer("services", _srs(2154), ogr.wkbPoint)
    for name in ("typequ", "typequ_label", "bpe_range"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    layer.StartTransaction()

    def add(point, code, label):
        if not inside(point):
            return
        out = ogr.Feature(layer.GetLayerDefn())
        out.SetField("typequ", code)
        out.SetField("typequ_label", label)
        out.SetField("bpe_range", "superieure" if code in ("D101", "D107") else "proximite")
        out.SetGeometry(point)
        layer.CreateFeature(out)

    hospitals = ogr.Open(str(folder / "health-facilities-finess-2020.geojson"))  # keep the dataset alive
    for feature in hospitals.GetLayer(0):
        point = feature.GetGeometryRef().Clone()
        point.Transform(transform)
        add(point, "D101", "Établissement de santé")
    communes = ogr.Open(str(folder / "communes-2018-population.geojson"))
    for feature in communes.GetLayer(0):
        geometry = feature.GetGeometryRef().Clone()
        geometry.Transform(transform)
        point = geometry.PointOnSurface()
        for field, code, label in (
            ("bpe2017_D201_generalistes", "D201", "Médecin généraliste"),
            ("bpe2017_D107_maternites", "D107", "Maternité"),
        ):
            for _ in range(int(feature.GetField(field) or 0)):
                add(point.Clone(), code, label)
    layer.CommitTransaction()
