"""Vigie QGIS plugin entry point: QGIS calls classFactory() and nothing else here."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .plugin.main import VigiePlugin

    return VigiePlugin(iface)
