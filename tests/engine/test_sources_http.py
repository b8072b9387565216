"""The shared HTTP client against a real loopback server: retries, Retry-After, typed errors, cache, downloads."""

import time
import zipfile

import pytest
from werkzeug import Response

from vigie.plugin.__about__ import USER_AGENT
from vigie.plugin.core.sources.archive import check_members, open_zip, safe_extract_all
from vigie.plugin.core.sources.errors import (
    AuthError,
    CancelledError,
    NotFoundError,
    PayloadError,
    RateLimitedError,
    RequestError,
    ServiceUnavailableError,
    SourceTimeoutError,
    UnsafeArchiveError,
)
from vigie.plugin.core.sources.http import HttpClient


def fast_client(**kwargs):
    options = {"retries": 2, "backoff_factor": 0, "timeout": (2.0, 2.0), "throttle_by_host": {}}
    options.update(kwargs)
    return HttpClient(**options)


def test_user_agent_names_vigie_and_version(httpserver):
    httpserver.expect_request("/ok", headers={"User-Agent": USER_AGENT}).respond_with_json({"ok": True})
    assert fast_client().get_json(httpserver.url_for("/ok")) == {"ok": True}
    assert USER_AGENT.startswith("Vigie/")


def test_401_is_an_auth_error_telling_how_to_set_the_key(httpserver):
    httpserver.expect_request("/siret").respond_with_json({"message": "Invalid key"}, status=401)
    with pytest.raises(AuthError, match="AUTHCFG"):
        fast_client().get_json(httpserver.url_for("/siret"))
    assert len(httpserver.log) == 1  # never retried


def test_404_is_not_found(httpserver):
    httpserver.expect_request("/communes").respond_with_json({"message": "Commune inconnue"}, status=404)
    with pytest.raises(NotFoundError, match="Commune inconnue"):
        fast_client().get_json(httpserver.url_for("/communes"))


def test_400_carries_the_service_message(httpserver):
    httpserver.expect_request("/search").respond_with_json({"erreur": "Veuillez indiquer au moins un paramètre"}, 400)
    with pytest.raises(RequestError, match="au moins un paramètre"):
        fast_client().get_json(httpserver.url_for("/search"))


def test_429_waits_for_retry_after_then_succeeds(httpserver):
    httpserver.expect_ordered_request("/search").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/search").respond_with_json({"results": []})
    started = time.monotonic()
    assert fast_client().get_json(httpserver.url_for("/search")) == {"results": []}
    assert time.monotonic() - started >= 0.9  # the client waited as told, not the zero backoff
    assert len(httpserver.log) == 2


def test_429_every_time_is_rate_limited(httpserver):
    httpserver.expect_request("/search").respond_with_data("no", status=429, headers={"Retry-After": "0"})
    with pytest.raises(RateLimitedError):
        fast_client(retries=1).get_json(httpserver.url_for("/search"))
    assert len(httpserver.log) == 2


def test_500_then_success(httpserver):
    httpserver.expect_ordered_request("/api/datasets").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/api/datasets").respond_with_json([{"id": 1}])
    assert fast_client().get_json(httpserver.url_for("/api/datasets")) == [{"id": 1}]
    assert len(httpserver.log) == 2


def test_500_every_time_is_service_unavailable_after_the_retries(httpserver):
    httpserver.expect_request("/api/datasets").respond_with_data("boom", status=500)
    with pytest.raises(ServiceUnavailableError, match="500"):
        fast_client(retries=2).get_json(httpserver.url_for("/api/datasets"))
    assert len(httpserver.log) == 3


def test_timeout_is_reported_as_such(httpserver):
    def slow(request):
        time.sleep(1.0)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(SourceTimeoutError, match="did not answer"):
        fast_client(retries=0, timeout=(1.0, 0.3)).get_json(httpserver.url_for("/slow"))


def test_unreachable_host_is_service_unavailable():
    with pytest.raises(ServiceUnavailableError, match="Cannot reach"):
        fast_client(retries=0).get_json("http://127.0.0.1:9/nothing")


def test_truncated_json_is_a_payload_error(httpserver):
    httpserver.expect_request("/communes").respond_with_data('{"type": "FeatureCollection", "features": [{"ty')
    with pytest.raises(PayloadError, match="not valid JSON"):
        fast_client().get_json(httpserver.url_for("/communes"))


def test_html_page_with_status_200_is_a_payload_error(httpserver):
    page = "<!DOCTYPE html><html><body><h1>Maintenance en cours</h1></body></html>"
    httpserver.expect_request("/search").respond_with_data(page, content_type="text/html")
    with pytest.raises(PayloadError, match="web page.*Maintenance en cours"):
        fast_client().get_json(httpserver.url_for("/search"))


def test_cache_serves_repeats_expires_and_can_be_bypassed(httpserver, tmp_path):
    httpserver.expect_request("/communes").respond_with_json({"n": 1})
    url = httpserver.url_for("/communes")
    client = fast_client(cache_dir=tmp_path)
    assert client.get_json(url, {"code": "05061"}) == {"n": 1}
    assert client.get_json(url, {"code": "05061"}) == {"n": 1}
    assert len(httpserver.log) == 1
    client.get_json(url, {"code": "05061"}, ttl=0)  # expired
    assert len(httpserver.log) == 2
    fast_client(cache_dir=tmp_path, refresh=True).get_json(url, {"code": "05061"})
    assert len(httpserver.log) == 3
    client.get_json(url, {"code": "05023"})  # other parameters, other entry
    assert len(httpserver.log) == 4


def test_download_is_renamed_only_when_complete(httpserver, tmp_path):
    body = b"PK" + b"x" * 3_000_000
    httpserver.expect_request("/BPE23.zip").respond_with_data(body, content_type="application/zip")
    seen = []
    path = fast_client().download(
        httpserver.url_for("/BPE23.zip"), tmp_path / "BPE23.zip", progress=lambda d, t: seen.append((d, t))
    )
    assert path.read_bytes() == body
    assert seen[-1] == (len(body), len(body))
    assert [p.name for p in tmp_path.iterdir()] == ["BPE23.zip"]


def test_download_cancelled_between_chunks_leaves_nothing(httpserver, tmp_path):
    httpserver.expect_request("/BPE23.zip").respond_with_data(b"PK" + b"x" * 3_000_000)
    chunks = []
    client = fast_client(is_cancelled=lambda: len(chunks) >= 1)
    with pytest.raises(CancelledError):
        client.download(
            httpserver.url_for("/BPE23.zip"), tmp_path / "BPE23.zip", progress=lambda d, t: chunks.append(d)
        )
    assert list(tmp_path.iterdir()) == []


def test_download_of_an_html_page_instead_of_a_zip_leaves_nothing(httpserver, tmp_path):
    httpserver.expect_request("/BPE23.zip").respond_with_data(
        "<html><body>Erreur 503</body></html>", content_type="text/html"
    )
    with pytest.raises(PayloadError, match="web page"):
        fast_client().download(httpserver.url_for("/BPE23.zip"), tmp_path / "BPE23.zip", expected_magic=b"PK")
    assert list(tmp_path.iterdir()) == []


def test_download_into_the_cache_is_reused(httpserver, tmp_path):
    httpserver.expect_request("/f.zip").respond_with_data(b"PK123")
    client = fast_client(cache_dir=tmp_path)
    first = client.download(httpserver.url_for("/f.zip"))
    second = client.download(httpserver.url_for("/f.zip"))
    assert first == second and first.read_bytes() == b"PK123"
    assert len(httpserver.log) == 1


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_zip_entry_escaping_its_folder_is_refused(tmp_path):
    evil = _zip(tmp_path / "feed.zip", {"stops.txt": "stop_id\n1\n", "../../evil.txt": "gotcha"})
    with pytest.raises(UnsafeArchiveError, match="escapes its folder"):
        open_zip(evil)
    target = tmp_path / "out"
    with pytest.raises(UnsafeArchiveError):
        safe_extract_all(evil, target)
    assert not target.exists()
    assert not (tmp_path.parent / "evil.txt").exists()


def test_absolute_zip_entry_is_refused(tmp_path):
    with pytest.raises(UnsafeArchiveError):
        open_zip(_zip(tmp_path / "a.zip", {"/etc/passwd": "x"}))


def test_absurd_inflation_is_refused(tmp_path):
    bomb = _zip(tmp_path / "bomb.zip", {"BPE23.csv": b"\0" * 20_000_000})
    with zipfile.ZipFile(bomb) as archive, pytest.raises(UnsafeArchiveError, match="inflates"):
        check_members(archive)


def test_safe_zip_extracts_everything(tmp_path):
    feed = _zip(tmp_path / "ok.zip", {"gtfs/stops.txt": "stop_id\n1\n", "gtfs/routes.txt": "route_id\n"})
    folder = safe_extract_all(feed, tmp_path / "ok")
    assert (folder / "gtfs" / "stops.txt").read_text() == "stop_id\n1\n"


def test_requests_to_a_rate_limited_host_are_spaced(httpserver):
    httpserver.expect_request("/x").respond_with_json({})
    url = httpserver.url_for("/x")
    client = fast_client(throttle_by_host={"localhost": 0.3})
    started = time.monotonic()
    client.get_json(url, {"page": 1})
    client.get_json(url, {"page": 2})
    assert time.monotonic() - started >= 0.3
    assert HttpClient().throttle_by_host["api.insee.fr"] >= 2.0  # 30 requests per minute


def test_key_headers_are_sent_but_not_part_of_the_cache_key(httpserver, tmp_path):
    httpserver.expect_request("/siret", headers={"X-INSEE-Api-Key-Integration": "k1"}).respond_with_json({"n": 1})
    client = fast_client(cache_dir=tmp_path)
    client.get_json(httpserver.url_for("/siret"), {"q": "x"}, headers={"X-INSEE-Api-Key-Integration": "k1"})
    cached = list((tmp_path / "http").iterdir())
    assert len(cached) == 1 and b"k1" not in cached[0].read_bytes() and "k1" not in cached[0].name


def test_truncated_download_leaves_nothing(httpserver, tmp_path):
    def truncated(request):
        # Announces 5 MB, sends 100 kB: the connection ends early.
        def body():
            yield b"PK" + b"x" * 100_000

        return Response(body(), headers={"Content-Length": "5000000"}, direct_passthrough=True)

    httpserver.expect_request("/BPE23.zip").respond_with_handler(truncated)
    with pytest.raises(PayloadError, match="stopped early"):
        fast_client(retries=0).download(httpserver.url_for("/BPE23.zip"), tmp_path / "BPE23.zip")
    assert list(tmp_path.iterdir()) == []
