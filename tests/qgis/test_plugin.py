"""The plugin loads like QGIS loads it, and the provider exposes the contracted algorithm ids."""

from vigie.plugin.__about__ import __version__


def test_provider_identity(vigie_provider):
    assert vigie_provider.id() == "vigie"
    assert __version__ in vigie_provider.longName()


def test_plugin_class_factory_registers_and_unloads(qgis_app, qgis_processing, qgis_iface):
    from qgis.core import QgsApplication

    import vigie

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("vigie")
    if existing is not None:
        registry.removeProvider(existing)
    plugin = vigie.classFactory(qgis_iface)
    plugin.initProcessing()
    plugin.initGui()
    assert registry.providerById("vigie") is not None
    assert registry.algorithmById("vigie:roadtraveltime") is not None
    plugin.unload()
    assert registry.providerById("vigie") is None
