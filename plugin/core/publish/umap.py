"""A uMap map file (``.umap``): uMap's own backup/import format, one data layer per output.

Shape checked against uMap's code and tests (see tests/fixtures/README.md): a JSON object with
``type: "umap"``, the map ``properties`` (name, description, licence, credits, zoom, tile layer…),
``geometry`` a Point giving the initial centre (uMap's ``importRaw`` sets the map centre from
``geometry.coordinates``) and ``layers``, each a GeoJSON FeatureCollection whose
``_umap_options`` hold the layer's name and style; a feature's own ``_umap_options`` (in its
``properties``) override the layer's, which is how every feature keeps the colour of its class.
Such a file is loaded in uMap with *Import data ▸ format umap* (or by dropping it on a map).
"""

import math
from dataclasses import dataclass, field

# Default background of uMap instances in France (OpenStreetMap France tiles).
TILE_LAYER = {
    "name": "OSM-Fr",
    "url_template": "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
    "attribution": "map data © [[https://osm.org/copyright|OpenStreetMap contributors]] under ODbL",
    "minZoom": 0,
    "maxZoom": 20,
}
# Map size in pixels assumed to choose the initial zoom (a laptop window; a phone zooms out by one).
VIEW_PIXELS = (900, 600)


@dataclass
class UmapLayer:
    name: str
    collection: dict  # GeoJSON FeatureCollection in WGS84
    # One dict of uMap style options per feature (same order as the features), e.g. {"fillColor": "#fde725"}.
    feature_styles: list = field(default_factory=list)
    # Layer-wide style options: color, fillColor, fillOpacity, weight, opacity, stroke, fill.
    style: dict = field(default_factory=dict)
    # (label, colour) of each class of the QGIS style, written in the layer description as its legend.
    legend: list = field(default_factory=list)
    # (field, label) shown in the popup, in order; the first one is the popup title.
    popup_fields: list = field(default_factory=list)
    description: str = ""
    display_on_load: bool = True


def popup_template(popup_fields):
    """uMap popup content template: ``# {title field}`` then one ``label : {field}`` line per field."""
    if not popup_fields:
        return ""
    (title_field, _), rest = popup_fields[0], popup_fields[1:]
    lines = [f"# {{{title_field}}}"] + [f"**{label}** : {{{name}}}" for name, label in rest]
    return "\n".join(lines)


def legend_text(legend):
    return "\n".join(f"* {label} ({colour})" for label, colour in legend)


def initial_zoom(west, south, east, north, pixels=VIEW_PIXELS):
    """Web Mercator zoom at which the bounds fit a map of ``pixels`` (width, height), 3 to 18."""
    width_deg = max(east - west, 1e-6)

    def mercator(lat):
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    height_rad = max(mercator(north) - mercator(south), 1e-9)
    zoom_x = math.log2(pixels[0] * 360.0 / (256.0 * width_deg))
    zoom_y = math.log2(pixels[1] * 2 * math.pi / (256.0 * height_rad))
    return int(max(3, min(18, math.floor(min(zoom_x, zoom_y)))))


def umap_layer(layer: UmapLayer, index: int):
    features = []
    styles = layer.feature_styles or [None] * len(layer.collection["features"])
    # A phone loads the map: features keep the fields their popup shows (the GeoJSON files keep all).
    shown = {name for name, _ in layer.popup_fields}
    for item, style in zip(layer.collection["features"], styles):
        item = dict(item)
        properties = dict(item.get("properties") or {})
        if shown:
            properties = {name: value for name, value in properties.items() if name in shown}
        if style:
            properties["_umap_options"] = dict(style)
        item["properties"] = properties
        features.append(item)
    description = layer.description
    if layer.legend:
        description = (description + "\n\n" if description else "") + legend_text(layer.legend)
    options = {
        "name": layer.name,
        "description": description,
        "displayOnLoad": layer.display_on_load,
        "browsable": True,
        "inCaption": True,
        "rank": index,
        "remoteData": {},
        **layer.style,
    }
    template = popup_template(layer.popup_fields)
    if template:
        options["popupTemplate"] = "Default"
        options["popupContentTemplate"] = template
        options["labelKey"] = layer.popup_fields[0][0]
    return {"type": "FeatureCollection", "features": features, "_umap_options": options}


def umap_document(name, description, layers, bounds, attribution, licence_name, licence_url, long_credit=""):
    """The whole ``.umap`` document (a dict to dump as JSON).

    ``bounds`` (west, south, east, north) in WGS84 is the territory: the map opens centred on
    it at a zoom that shows it whole. ``attribution`` is the sources line shown on the map.
    """
    west, south, east, north = bounds
    centre = [round((west + east) / 2, 5), round((south + north) / 2, 5)]
    properties = {
        "name": name,
        "description": description,
        "licence": {"name": licence_name, "url": licence_url},
        "shortCredit": attribution,
        "longCredit": long_credit,
        "zoom": initial_zoom(west, south, east, north),
        "tilelayer": dict(TILE_LAYER),
        "captionBar": True,
        "onLoadPanel": "caption",
        "displayPopupFooter": False,
        "datalayersControl": True,
        "scaleControl": True,
        "zoomControl": True,
        "scrollWheelZoom": True,
        "miniMap": False,
        "slideshow": {},
        "limitBounds": {},
    }
    return {
        "type": "umap",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": centre},
        "layers": [umap_layer(layer, index) for index, layer in enumerate(layers)],
    }
