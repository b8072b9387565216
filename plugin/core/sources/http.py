"""The one HTTP client of every fetcher: User-Agent, timeouts, retries honouring Retry-After, cache, typed errors.

Retries are urllib3's ``Retry`` mounted on a ``requests.Session`` (429/503 wait for ``Retry-After``,
500/502/504 back off exponentially). Downloads stream into a temporary file in the destination
folder and are renamed only when complete, so a cancelled or failed download leaves nothing behind.
"""

import functools
import hashlib
import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from ...__about__ import USER_AGENT
from .errors import (
    AuthError,
    CancelledError,
    NotFoundError,
    PayloadError,
    RateLimitedError,
    RequestError,
    ServiceUnavailableError,
    SourceError,
    SourceTimeoutError,
)
from .files import atomic_output

RETRY_STATUSES = (429, 500, 502, 503, 504)
DEFAULT_TIMEOUT = (10.0, 120.0)  # (connect, read) seconds
DEFAULT_CACHE_TTL = 7 * 24 * 3600.0
CHUNK_SIZE = 1 << 20
# Published rate limits of the public services (seconds between two requests to that host).
# Only applied to these hosts: a mirror or a local test server is not throttled.
THROTTLE_BY_HOST = {
    "api.insee.fr": 2.1,  # about 30 requests per minute on the free plan
    "recherche-entreprises.api.gouv.fr": 0.15,  # 7 requests per second
    "data.geopf.fr": 0.04,  # 30 requests per second
    "overpass-api.de": 1.0,
}


class _CappedRetry(Retry):
    """urllib3 Retry whose wait for Retry-After is capped, so a server asking for an hour does not hang QGIS."""

    MAX_RETRY_AFTER = 120.0

    def get_retry_after(self, response):
        value = super().get_retry_after(response)
        return None if value is None else min(value, self.MAX_RETRY_AFTER)


def _host(url):
    return urlsplit(url).hostname or ""


def _short_text(content, limit=200):
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit]


def _message_from_body(response):
    """The service's own error message, when it gives one in JSON (erreur, message, header.message...)."""
    try:
        body = response.json()
    except ValueError:
        return _short_text(response.content)
    if isinstance(body, dict):
        for key in ("erreur", "message", "error", "detail"):
            if isinstance(body.get(key), str):
                return body[key]
        header = body.get("header")
        if isinstance(header, dict) and isinstance(header.get("message"), str):
            return header["message"]
    return _short_text(response.content)


def looks_like_html(content: bytes, content_type: str = "") -> bool:
    """True for an HTML page (error or maintenance page served with status 200)."""
    head = content[:512].lstrip().lower()
    return "html" in content_type.lower() or head.startswith(b"<!doctype html") or head.startswith(b"<html")


def _naming_the_url(method):
    """Errors of a request carry its URL (``error.url``): the QGIS side names the parameter that gave it."""

    @functools.wraps(method)
    def request(self, url, *args, **kwargs):
        try:
            return method(self, url, *args, **kwargs)
        except SourceError as error:
            if getattr(error, "url", None) is None:
                error.url = url
            raise

    return request


class HttpClient:
    """A requests session with Vigie's User-Agent, retries, timeouts, optional disk cache and cancellation.

    ``is_cancelled`` is polled before each request and between download chunks; ``refresh``
    bypasses the cache (answers are still stored); ``headers`` are sent with every request and
    never written to the cache or to messages (API keys go there).
    """

    def __init__(
        self,
        *,
        user_agent=USER_AGENT,
        timeout=DEFAULT_TIMEOUT,
        retries=4,
        backoff_factor=1.0,
        cache_dir=None,
        cache_ttl=DEFAULT_CACHE_TTL,
        refresh=False,
        proxies=None,
        headers=None,
        is_cancelled=None,
        throttle_by_host=None,
    ):
        self.timeout = timeout
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.cache_ttl = cache_ttl
        self.refresh = refresh
        self.is_cancelled = is_cancelled or (lambda: False)
        self.throttle_by_host = dict(THROTTLE_BY_HOST if throttle_by_host is None else throttle_by_host)
        self._last_request_at = {}
        self.request_count = 0
        retry = _CappedRetry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff_factor,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD", "POST"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent
        if headers:
            self.session.headers.update(headers)
        if proxies:
            self.session.proxies.update(proxies)

    # -- plumbing ----------------------------------------------------------------

    def check_cancelled(self):
        if self.is_cancelled():
            raise CancelledError("cancelled")

    def close(self):
        self.session.close()

    def _throttle(self, url):
        host = _host(url)
        interval = self.throttle_by_host.get(host)
        if not interval:
            return
        wait = self._last_request_at.get(host, 0.0) + interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request_at[host] = time.monotonic()

    def _send(self, method, url, *, params=None, data=None, files=None, headers=None, stream=False):
        self.check_cancelled()
        self._throttle(url)
        self.request_count += 1
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                data=data,
                files=files,
                headers=headers,
                timeout=self.timeout,
                stream=stream,
            )
        except requests.exceptions.Timeout as error:
            raise SourceTimeoutError("timeout", host=_host(url), seconds=self._read_timeout()) from error
        except requests.exceptions.RetryError as error:
            raise ServiceUnavailableError("retries_failed", host=_host(url)) from error
        except requests.exceptions.ConnectionError as error:
            reason = getattr(error.args[0], "reason", None) if error.args else None
            if isinstance(reason, ReadTimeoutError):
                raise SourceTimeoutError("timeout", host=_host(url), seconds=self._read_timeout()) from error
            raise ServiceUnavailableError("unreachable", host=_host(url)) from error
        self._raise_for_status(response, url)
        return response

    def _read_timeout(self):
        return self.timeout[1] if isinstance(self.timeout, tuple) else self.timeout

    @staticmethod
    def _raise_for_status(response, url):
        status = response.status_code
        if status < 400:
            return
        host = _host(url)
        message = _message_from_body(response)
        response.close()
        if status in (401, 403):
            raise AuthError("auth_refused", host=host, status=status)
        if status == 404:
            raise NotFoundError("not_found", host=host, detail=message)
        if status == 429:
            raise RateLimitedError("rate_limited", host=host)
        if status >= 500:
            raise ServiceUnavailableError("unavailable", host=host, status=status)
        raise RequestError("rejected", host=host, status=status, detail=message)

    # -- cache ---------------------------------------------------------------------

    def _cache_path(self, method, url, params, data, suffix):
        if self.cache_dir is None:
            return None
        key = json.dumps([method, url, sorted((params or {}).items()), data], sort_keys=True, default=str)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.cache_dir / "http" / f"{digest}{suffix}"

    def _fresh(self, path, ttl):
        if path is None or self.refresh or not path.exists():
            return False
        ttl = self.cache_ttl if ttl is None else ttl
        return (time.time() - path.stat().st_mtime) < ttl

    # -- public API ----------------------------------------------------------------

    @_naming_the_url
    def get_bytes(self, url, params=None, *, method="GET", data=None, files=None, headers=None, cache=True, ttl=None):
        """Body of a (cached) request as bytes, after status checks (uploads with ``files`` are never cached)."""
        cache_path = self._cache_path(method, url, params, data, ".bin") if cache and files is None else None
        if self._fresh(cache_path, ttl):
            return cache_path.read_bytes()
        response = self._send(method, url, params=params, data=data, files=files, headers=headers)
        content = response.content
        if looks_like_html(content, response.headers.get("Content-Type", "")):
            raise PayloadError("web_page_not_data", host=_host(url), excerpt=_short_text(content, 150))
        if cache_path is not None:
            _atomic_write_bytes(cache_path, content)
        return content

    @_naming_the_url
    def get_json(self, url, params=None, *, method="GET", data=None, headers=None, cache=True, ttl=None):
        """Parsed JSON of a (cached) request; HTML pages and truncated or invalid JSON raise PayloadError."""
        cache_path = self._cache_path(method, url, params, data, ".json") if cache else None
        if self._fresh(cache_path, ttl):
            return json.loads(cache_path.read_bytes())
        # Ask for JSON explicitly: some services (recherche-entreprises) choose the format from Accept.
        headers = {"Accept": "application/json", **(headers or {})}
        content = self.get_bytes(url, params, method=method, data=data, headers=headers, cache=False)
        try:
            value = json.loads(content)
        except ValueError as error:
            raise PayloadError("invalid_json", host=_host(url), detail=str(error)) from error
        if cache_path is not None:
            _atomic_write_bytes(cache_path, content)
        return value

    @_naming_the_url
    def download(self, url, destination=None, *, params=None, ttl=None, progress=None, expected_magic=None):
        """Stream ``url`` to ``destination`` (default: the cache), through a temporary file renamed when complete.

        A fresh cached copy is reused unless the client was made with ``refresh=True``. ``progress``
        gets (bytes done, total bytes or None). ``expected_magic`` (e.g. b"PK") rejects pages that
        are not the expected file. Returns the final path.
        """
        if destination is None:
            name = Path(urlsplit(url).path).name or "download"
            if self.cache_dir is None:
                raise ValueError("download() needs a destination when the client has no cache folder")
            cache_path = self._cache_path("GET", url, params, None, "")
            destination = cache_path.parent.parent / "downloads" / f"{cache_path.name[:16]}-{name}"
            if self._fresh(destination, ttl):
                return destination
        destination = Path(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        response = self._send("GET", url, params=params, stream=True)
        total = response.headers.get("Content-Length")
        # Content-Length counts encoded bytes: only comparable when the body is not gzip-encoded.
        total = int(total) if total and total.isdigit() and not response.headers.get("Content-Encoding") else None
        done = 0
        try:
            with atomic_output(destination) as handle, response:
                for chunk in response.iter_content(CHUNK_SIZE):
                    if done == 0 and expected_magic is not None and not chunk.startswith(expected_magic):
                        if looks_like_html(chunk, response.headers.get("Content-Type", "")):
                            raise PayloadError("web_page_not_file", host=_host(url), excerpt=_short_text(chunk, 150))
                        raise PayloadError("wrong_file_type", host=_host(url))
                    handle.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
                    self.check_cancelled()
                if total is not None and done != total:
                    raise PayloadError("download_short", host=_host(url), done=done, total=total)
        except requests.exceptions.RequestException as error:
            raise ServiceUnavailableError("download_interrupted", host=_host(url)) from error
        return destination


def _atomic_write_bytes(path, content):
    with atomic_output(path) as handle:
        handle.write(content)
