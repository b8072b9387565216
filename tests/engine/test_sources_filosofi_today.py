"""Filosofi 200 m as served today: the Géoplateforme WFS (paging past 5,000, lon/lat BBOX, depcom, imputed,
ind_18_24 rebuilt) and the national zip that holds a 7z (member chosen by territory)."""

import pytest
from conftest import shared_path
from kit_replay import filosofi_wfs_handler, filosofi_zip_with_7z, sample_cells, shifted

from vigie.plugin.core.sources import archive, population
from vigie.plugin.core.sources.errors import PayloadError
from vigie.plugin.core.sources.http import HttpClient

GAP_AREA = ["05061", "05100", "05113"]  # Gap, Pelleautier, Rambaud (CA Gap-Tallard-Durance, in the sample)


@pytest.fixture(scope="module")
def cells():
    return sample_cells(shared_path("data", "hautes-alpes").parents[1])


def test_wfs_pages_past_5000_and_keeps_the_territory_cells(httpserver, cells):
    # The real 2,368 cells and two copies moved 30 and 60 km east (other communes): 7,104 cells in one box.
    served = list(cells) + shifted(cells, 30_000, "X") + shifted(cells, 60_000, "Y")
    log = []
    httpserver.expect_request("/wfs/ows").respond_with_handler(filosofi_wfs_handler(served, log))
    lons = [c["lon"] for c in served]
    lats = [c["lat"] for c in served]
    box = (min(lons) - 0.01, min(lats) - 0.01, max(lons) + 0.01, max(lats) + 0.01)
    client = HttpClient(retries=0)
    frame = population.wfs_cells(client, box, GAP_AREA, base_url=httpserver.url_for("/wfs/ows"), tile_deg=5.0)
    expected = [c for c in cells if c["depcom"] in GAP_AREA]
    assert len(frame) == len(expected) > 500
    assert [int(entry["STARTINDEX"]) for entry in log] == [0, 5000]  # one tile, two pages (5,000 cap)
    assert all(entry["COUNT"] == "5000" for entry in log)
    by_id = {c["idcar_200m"]: c for c in expected}
    assert set(frame["idcar_200m"]) == set(by_id)
    assert frame["ind"].sum() == pytest.approx(sum(float(c["ind"]) for c in expected))
    # ind_18_24 is not served: rebuilt as ind minus the other bands, equal to INSEE's value up to rounding.
    for row in frame.head(200).itertuples():
        assert row.ind_18_24 == pytest.approx(float(by_id[row.idcar_200m]["ind_18_24"]), abs=0.05 + 1e-9)
    assert set(frame["imputed"]) == {0, 1}
    assert frame["imputed"].sum() == sum(int(c["imputed"]) for c in expected)
    first = frame.iloc[0]
    assert population.parse_cell_id(first.idcar_200m)[1:] == (200, first.x_sw, first.y_sw) and first["size"] == 200


def test_wfs_tiles_bring_each_cell_once(httpserver, cells):
    httpserver.expect_request("/wfs/ows").respond_with_handler(filosofi_wfs_handler(cells))
    lons = [c["lon"] for c in cells]
    lats = [c["lat"] for c in cells]
    box = (min(lons) - 0.001, min(lats) - 0.001, max(lons) + 0.001, max(lats) + 0.001)
    frame = population.wfs_cells(
        HttpClient(retries=0), box, None, base_url=httpserver.url_for("/wfs/ows"), tile_deg=0.05
    )
    assert len(population.bbox_tiles(box, 0.05)) > 20
    assert len(frame) == len(cells) and frame["idcar_200m"].is_unique


def test_bbox_is_lon_lat_with_plain_suffix():
    assert population.wfs_bbox_param((6.0, 44.5, 6.25, 44.75)) == "6.000000,44.500000,6.250000,44.750000,EPSG:4326"


def test_html_instead_of_json_is_a_payload_error(httpserver):
    httpserver.expect_request("/wfs/ows").respond_with_data("<html>maintenance</html>", content_type="text/html")
    with pytest.raises(PayloadError):
        population.wfs_cells(
            HttpClient(retries=0), (6.0, 44.5, 6.1, 44.6), None, base_url=httpserver.url_for("/wfs/ows")
        )


def test_national_zip_holding_a_7z_gives_the_territory_member(tmp_path, cells):
    if archive.seven_zip_reader() is None:
        pytest.skip("no 7z reader here (GDAL >= 3.7 /vsi7z/, py7zr or the 7z command of p7zip-full)")
    path = filosofi_zip_with_7z(list(cells), tmp_path)
    csv_path = population.national_csv_path(path, ["05"])
    assert csv_path.name.endswith("carreaux_200m_met.csv")
    frame = population.read_cells(csv_path)
    assert len(frame) == len(cells) and frame["ind"].sum() == pytest.approx(53_931, abs=1)
    assert set(frame["lcog_geo"].dropna()) >= set(GAP_AREA) and frame["imputed"].isin([0, 1]).all()
    assert population.national_csv_path(path, ["974"]).name.endswith("carreaux_200m_reun.csv")
    assert len(population.read_cells(population.national_csv_path(path, ["974"]))) == 3
    with pytest.raises(ValueError, match="971"):
        population.national_csv_path(path, ["971"])


def test_no_7z_reader_stops_with_a_clear_error(tmp_path, cells, monkeypatch):
    if archive.seven_zip_reader() is None:
        pytest.skip("no 7z command here to build the archive")
    path = filosofi_zip_with_7z(list(cells[:10]), tmp_path)
    monkeypatch.setattr(archive, "_gdal_vsi7z", lambda: None)
    monkeypatch.setattr(archive, "_py7zr", lambda: None)
    monkeypatch.setattr(archive, "_seven_zip_command", lambda: None)
    with pytest.raises(archive.SevenZipUnavailableError, match="7z archive"):
        population.national_csv_path(path, ["05"])
