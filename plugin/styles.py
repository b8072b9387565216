"""Styles shared by every Vigie output: time bands, unreached in grey, service points."""

import math

from qgis.core import (
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

# Upper bounds of the time bands in minutes; the last band is open ("45 min and more").
TIME_BAND_BREAKS = (5, 10, 15, 20, 30, 45)
# Viridis, reversed so that short times are light: readable by colour-blind people and in grey.
TIME_BAND_COLOURS = ("#fde725", "#a0da39", "#4ac16d", "#1fa187", "#277f8e", "#365c8d", "#46327e")
UNREACHED_COLOUR = "#b4b4b4"
SERVICE_COLOUR = "#d7191c"


# QGIS creates a GeoPackage's layer_styles table with styleName TEXT(30): GDAL warns about longer names.
STYLE_NAME_MAX_CHARACTERS = 30


def tr(text):
    return QCoreApplication.translate("VigieStyles", text)


def style_name(layer_name):
    """The name of a layer's style stored in a GeoPackage: the layer's, cut to 30 characters."""
    name = layer_name or "vigie"
    if len(name) <= STYLE_NAME_MAX_CHARACTERS:
        return name
    return name[: STYLE_NAME_MAX_CHARACTERS - 1].rstrip() + "…"


def time_bands(breaks=TIME_BAND_BREAKS):
    """(lower, upper, label) for each band; upper is None for the open last band."""
    bands, lower = [], 0
    for upper in breaks:
        bands.append((lower, upper, tr("{0}–{1} min").format(lower, upper)))
        lower = upper
    bands.append((lower, None, tr("{0} min and more").format(lower)))
    return bands


def _symbol(geometry_type, colour):
    if geometry_type == QgsWkbTypes.PolygonGeometry:
        return QgsFillSymbol.createSimple({"color": colour, "outline_style": "no"})
    if geometry_type == QgsWkbTypes.LineGeometry:
        return QgsLineSymbol.createSimple({"color": colour, "width": "0.6"})
    return QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": colour, "size": "1.8", "outline_color": "#404040", "outline_width": "0.1"}
    )


def time_band_renderer(geometry_type, field="time_min", breaks=TIME_BAND_BREAKS):
    """Rule-based renderer of ``field`` by time bands, NULL (not reached) in grey."""
    root = QgsRuleBasedRenderer.Rule(None)
    quoted = f'"{field}"'
    for (lower, upper, label), colour in zip(time_bands(breaks), TIME_BAND_COLOURS):
        expression = f"{quoted} >= {lower}" + (f" AND {quoted} < {upper}" if upper is not None else "")
        root.appendChild(QgsRuleBasedRenderer.Rule(_symbol(geometry_type, colour), 0, 0, expression, label))
    unreached = QgsRuleBasedRenderer.Rule(
        _symbol(geometry_type, UNREACHED_COLOUR), 0, 0, f"{quoted} IS NULL", tr("Not reached")
    )
    root.appendChild(unreached)
    return QgsRuleBasedRenderer(root)


def apply_time_bands(layer, field="time_min", breaks=TIME_BAND_BREAKS):
    layer.setRenderer(time_band_renderer(layer.geometryType(), field, breaks))


def service_points_renderer():
    symbol = QgsMarkerSymbol.createSimple(
        {
            "name": "cross_fill",
            "color": SERVICE_COLOUR,
            "size": "3.2",
            "outline_color": "#ffffff",
            "outline_width": "0.3",
        }
    )
    return QgsSingleSymbolRenderer(symbol)


def apply_service_points(layer):
    layer.setRenderer(service_points_renderer())


def outline_renderer(colour="#303030", width="0.4"):
    """Boundaries drawn as outlines only, so they sit above time bands without hiding them."""
    symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": colour, "outline_width": width})
    return QgsSingleSymbolRenderer(symbol)


# -- indicators (coverage shares, 2SFCA index, isochrone bands) --------------------------------

# Shares of population within a threshold, 0–100 %: dark (few people covered) to light (all covered),
# the same colour-blind-safe viridis family as the time bands, light meaning "good" in both.
SHARE_CLASSES = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 100))
SHARE_COLOURS = ("#46327e", "#277f8e", "#1fa187", "#a0da39", "#fde725")


def _area_symbol(geometry_type, colour):
    """Like _symbol, with a thin white outline on polygons so that neighbouring areas of one class stay apart."""
    if geometry_type != QgsWkbTypes.PolygonGeometry:
        return _symbol(geometry_type, colour)
    return QgsFillSymbol.createSimple(
        {"color": colour, "outline_style": "solid", "outline_color": "#ffffff", "outline_width": "0.2"}
    )


def coverage_share_renderer(geometry_type, field):
    """Rule-based renderer of a share field (percent) in five 20-point classes, NULL (no population) grey."""
    root = QgsRuleBasedRenderer.Rule(None)
    quoted = f'"{field}"'
    for index, ((lower, upper), colour) in enumerate(zip(SHARE_CLASSES, SHARE_COLOURS)):
        low_test = f"{quoted} >= {lower}" if index else f"{quoted} >= 0"
        expression = f"{low_test} AND {quoted} {'<=' if upper == 100 else '<'} {upper}"
        label = tr("{0}–{1} %").format(lower, upper)
        root.appendChild(QgsRuleBasedRenderer.Rule(_area_symbol(geometry_type, colour), 0, 0, expression, label))
    no_population = _area_symbol(geometry_type, UNREACHED_COLOUR)
    root.appendChild(QgsRuleBasedRenderer.Rule(no_population, 0, 0, f"{quoted} IS NULL", tr("No population")))
    return QgsRuleBasedRenderer(root)


def apply_coverage_shares(layer, field):
    layer.setRenderer(coverage_share_renderer(layer.geometryType(), field))


def access_index_renderer(geometry_type, breaks, field="access_index"):
    """Rule-based renderer of a 2SFCA index: 0 (nothing in reach) grey, then classes between ``breaks``.

    ``breaks`` are increasing upper limits of the classes of positive values (e.g. quantiles).
    """
    root = QgsRuleBasedRenderer.Rule(None)
    quoted = f'"{field}"'
    root.appendChild(
        QgsRuleBasedRenderer.Rule(
            _symbol(geometry_type, UNREACHED_COLOUR), 0, 0, f"{quoted} = 0 OR {quoted} IS NULL", tr("None in reach")
        )
    )
    colours = SHARE_COLOURS[-len(breaks) :] if len(breaks) <= len(SHARE_COLOURS) else SHARE_COLOURS
    lower = 0.0
    for index, (upper, colour) in enumerate(zip(breaks, colours)):
        last = index == len(breaks) - 1
        expression = f"{quoted} > {lower!r}" + ("" if last else f" AND {quoted} <= {upper!r}")
        label = (
            tr("{0} and more").format(significant(lower))
            if last
            else tr("{0} – {1}").format(significant(lower), significant(upper))
        )
        root.appendChild(QgsRuleBasedRenderer.Rule(_symbol(geometry_type, colour), 0, 0, expression, label))
        lower = upper
    return QgsRuleBasedRenderer(root)


def significant(value, digits=3):
    """``value`` rounded to ``digits`` significant digits, never in scientific notation (2180, 36.1, 0.0042):
    ``{:.3g}`` prints 2.18e+03, which no reader of a legend expects."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return f"{round(value, decimals):.{max(decimals, 0)}f}"


def apply_access_index(layer, breaks, field="access_index"):
    layer.setRenderer(access_index_renderer(layer.geometryType(), breaks, field))


def isochrone_band_renderer(geometry_type, bands, field="band_max"):
    """Rule-based renderer of isochrone band polygons, one rule per band upper limit (minutes)."""
    root = QgsRuleBasedRenderer.Rule(None)
    quoted = f'"{field}"'
    lower = 0
    for index, upper in enumerate(bands):
        # Spread the bands over the time-band ramp so that the last one is always the darkest.
        colour_index = round(index * (len(TIME_BAND_COLOURS) - 1) / max(len(bands) - 1, 1))
        symbol = _symbol(geometry_type, TIME_BAND_COLOURS[colour_index])
        label = tr("{0}–{1} min").format(f"{lower:g}", f"{upper:g}")
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, f"{quoted} = {float(upper)!r}", label))
        lower = upper
    return QgsRuleBasedRenderer(root)


def apply_isochrone_bands(layer, bands, field="band_max"):
    renderer = isochrone_band_renderer(layer.geometryType(), bands, field)
    layer.setRenderer(renderer)
    layer.setOpacity(0.8)


# -- what-if scenarios: change of travel time, gain / loss -------------------------------------

# Change of minutes (after - before): gains (negative) in purple, losses in orange, no change pale;
# PuOr from ColorBrewer, safe for colour-blind readers and distinct in grey; its white middle is greyed a
# little so that unchanged cells stay visible on a white page.
CHANGE_CLASSES = ((None, -10), (-10, -5), (-5, -1), (-1, 1), (1, 5), (5, 10), (10, None))
CHANGE_COLOURS = ("#542788", "#8073ac", "#b2abd2", "#e4e4e4", "#fdb863", "#e08214", "#b35806")
LOST_ACCESS_COLOUR = "#2d004b"


def change_renderer(geometry_type, field="delta_min", after_field=None, before_field=None):
    """Diverging rule-based renderer of a change of minutes; with the time fields, lost/gained access too."""
    root = QgsRuleBasedRenderer.Rule(None)

    def rule(colour, expression, label):
        root.appendChild(QgsRuleBasedRenderer.Rule(_area_symbol(geometry_type, colour), 0, 0, expression, label))

    quoted = f'"{field}"'
    for (lower, upper), colour in zip(CHANGE_CLASSES, CHANGE_COLOURS):
        between = f"{quoted} >= {lower} AND {quoted} < {upper}"
        if lower is None:
            rule(colour, f"{quoted} < {upper}", tr("{0} min or more faster").format(-upper))
        elif upper is None:
            rule(colour, f"{quoted} >= {lower}", tr("{0} min or more slower").format(lower))
        elif lower < 0 < upper:
            rule(colour, between, tr("About the same (± {0} min)").format(upper))
        elif upper <= 0:
            rule(colour, between, tr("{0}–{1} min faster").format(-upper, -lower))
        else:
            rule(colour, between, tr("{0}–{1} min slower").format(lower, upper))
    if after_field and before_field:
        before, after = f'"{before_field}"', f'"{after_field}"'
        rule(LOST_ACCESS_COLOUR, f"{before} IS NOT NULL AND {after} IS NULL", tr("No service any more"))
        rule(CHANGE_COLOURS[0], f"{before} IS NULL AND {after} IS NOT NULL", tr("Newly served"))
        rule(UNREACHED_COLOUR, f"{before} IS NULL AND {after} IS NULL", tr("Not reached"))
    else:
        rule(UNREACHED_COLOUR, f"{quoted} IS NULL", tr("No value"))
    return QgsRuleBasedRenderer(root)


def apply_change(layer, field="delta_min", after_field=None, before_field=None):
    layer.setRenderer(change_renderer(layer.geometryType(), field, after_field, before_field))
