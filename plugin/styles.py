"""Styles shared by every Vigie output: time bands, unreached in grey, service points."""

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


def tr(text):
    return QCoreApplication.translate("VigieStyles", text)


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
