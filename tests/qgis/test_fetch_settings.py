"""QGIS side of the fetchers: proxy from QGIS's network settings, keys from the auth database, cache folder."""

import pytest


@pytest.fixture
def fallback_proxy(qgis_app):
    from qgis.core import QgsNetworkAccessManager

    manager = QgsNetworkAccessManager.instance()
    saved = (manager.fallbackProxy(), manager.excludeList(), manager.noProxyList())
    yield manager
    manager.setFallbackProxyAndExcludes(*saved)


def test_qgis_proxy_settings_reach_requests(fallback_proxy):
    from qgis.PyQt.QtNetwork import QNetworkProxy

    from vigie.plugin.qgis_sources import client_for, qgis_proxies

    proxy = QNetworkProxy(QNetworkProxy.HttpProxy, "proxy.example.org", 3128, "agent", "p@ss:word")
    fallback_proxy.setFallbackProxyAndExcludes(proxy, ["intranet.local"], [])
    proxies = qgis_proxies()
    assert proxies["https"] == "http://agent:p%40ss%3Aword@proxy.example.org:3128"
    assert proxies["http"] == proxies["https"] and proxies["no_proxy"] == "intranet.local"
    assert client_for().session.proxies["https"] == proxies["https"]


def test_no_qgis_proxy_means_system_settings(fallback_proxy):
    from qgis.PyQt.QtNetwork import QNetworkProxy

    from vigie.plugin.qgis_sources import qgis_proxies

    fallback_proxy.setFallbackProxyAndExcludes(QNetworkProxy(QNetworkProxy.NoProxy), [], [])
    assert qgis_proxies() is None


def test_api_key_errors_say_what_to_do(qgis_app):
    from vigie.plugin.core.sources.errors import AuthError
    from vigie.plugin.qgis_sources import api_key_from_authcfg

    with pytest.raises(AuthError, match="Settings ▸ Options ▸ Authentication"):
        api_key_from_authcfg("")
    with pytest.raises(AuthError, match="'nope123' cannot be read"):
        api_key_from_authcfg("nope123")


def test_cache_folder_in_the_profile_or_the_setting(qgis_app, tmp_path):
    from qgis.core import QgsApplication, QgsSettings

    from vigie.plugin.qgis_sources import cache_folder

    settings = QgsSettings()
    previous = settings.value("vigie/cache_folder", "")
    try:
        settings.setValue("vigie/cache_folder", "")
        default = cache_folder()
        assert str(default).startswith(QgsApplication.qgisSettingsDirPath().rstrip("/")) and default.name == "vigie"
        settings.setValue("vigie/cache_folder", str(tmp_path / "c"))
        assert cache_folder() == tmp_path / "c" and (tmp_path / "c").is_dir()
    finally:
        settings.setValue("vigie/cache_folder", previous)
