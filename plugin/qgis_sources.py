"""QGIS side of the fetchers: proxy from QGIS's network settings, API keys from the auth database, cache folder.

The key read from an authentication configuration only travels in a request header: it is never
logged, never put in layer metadata nor in the project.
"""

from pathlib import Path
from urllib.parse import quote

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsNetworkAccessManager, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtNetwork import QNetworkProxy

from .core.sources.errors import AuthError
from .core.sources.http import DEFAULT_CACHE_TTL, HttpClient

SETTINGS_PREFIX = "vigie/"
# National files (BPE, Filosofi) change once a year: keep them longer than API answers.
DOWNLOAD_TTL = 90 * 24 * 3600.0


def tr(text):
    return QCoreApplication.translate("VigieSources", text)


def cache_folder() -> Path:
    """Vigie's cache in the QGIS profile (setting vigie/cache_folder overrides it)."""
    configured = QgsSettings().value(SETTINGS_PREFIX + "cache_folder", "", type=str)
    folder = Path(configured) if configured else Path(QgsApplication.qgisSettingsDirPath()) / "cache" / "vigie"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _proxy_url(proxy):
    scheme = {QNetworkProxy.ProxyType.HttpProxy: "http", QNetworkProxy.ProxyType.HttpCachingProxy: "http"}.get(
        proxy.type()
    )
    if scheme is None or not proxy.hostName():
        return None
    credentials = ""
    if proxy.user():
        credentials = quote(proxy.user(), safe="") + (
            ":" + quote(proxy.password(), safe="") if proxy.password() else ""
        )
        credentials += "@"
    return f"{scheme}://{credentials}{proxy.hostName()}:{proxy.port()}"


def qgis_proxies():
    """requests' proxies from QGIS's network settings (Settings ▸ Options ▸ Network), or None to use the system's."""
    manager = QgsNetworkAccessManager.instance()
    url = _proxy_url(manager.fallbackProxy())
    if url is None:
        return None
    proxies = {"http": url, "https": url}
    excluded = [e for e in list(manager.excludeList()) + list(manager.noProxyList()) if e]
    if excluded:
        proxies["no_proxy"] = ",".join(excluded)
    return proxies


def client_for(feedback=None, refresh=False, headers=None):
    """The shared HTTP client configured from QGIS: proxy, cache folder, cancellation by the feedback.

    Settings (QgsSettings, group vigie/): cache_folder, cache_days, http_retries, http_backoff_factor.
    """
    settings = QgsSettings()
    ttl_days = settings.value(SETTINGS_PREFIX + "cache_days", DEFAULT_CACHE_TTL / 86400, type=float)
    return HttpClient(
        retries=settings.value(SETTINGS_PREFIX + "http_retries", 4, type=int),
        backoff_factor=settings.value(SETTINGS_PREFIX + "http_backoff_factor", 1.0, type=float),
        cache_dir=cache_folder(),
        cache_ttl=ttl_days * 86400,
        refresh=refresh,
        proxies=qgis_proxies(),
        headers=headers,
        is_cancelled=(feedback.isCanceled if feedback is not None else None),
    )


def api_key_from_authcfg(authcfg):
    """The API key held by a QGIS authentication configuration (API header, Basic password or token).

    Raises AuthError with the steps to follow when the id is empty or unusable. The value is
    returned to the caller only: never log it.
    """
    how = tr(
        "Create it in Settings ▸ Options ▸ Authentication (type 'API Header' with the key as value, "
        "or 'Basic' with the key as password) and choose it in AUTHCFG."
    )
    if not authcfg:
        raise AuthError(tr("This service needs an API key held in a QGIS authentication configuration. ") + how)
    manager = QgsApplication.authManager()
    config = QgsAuthMethodConfig()
    # loadAuthenticationConfig() may succeed on an unknown id (QGIS 3.22): check the id first.
    if authcfg not in manager.configIds() or not manager.loadAuthenticationConfig(authcfg, config, True):
        raise AuthError(tr("The authentication configuration '{0}' cannot be read. ").format(authcfg) + how)
    method = config.method()
    values = config.configMap()
    key = ""
    if method == "Basic":
        key = values.get("password") or values.get("username") or ""
    elif method in ("EsriToken", "Token"):
        key = values.get("token") or ""
    elif values:
        # API header configurations store {header name: value}; the key is that value.
        key = next((value for value in values.values() if value), "")
    if not key:
        raise AuthError(tr("The authentication configuration '{0}' holds no key. ").format(authcfg) + how)
    return key
