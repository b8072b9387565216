"""CAF childcare figures (data.caf.fr, Opendatasoft Explore API v2.1): places and coverage rates by area."""

from .errors import PayloadError

DEFAULT_BASE_URL = "https://data.caf.fr"
PAGE_LIMIT = 100
OFFSET_CAP = 10_000
PLACEHOLDERS = {"S", "NC", "ND", ""}
# Dataset ids and the suffix of their columns, per scale.
SCALES = {
    "commune": {"coverage": "txcouv_pe_com", "places": "nbpla_pe_com", "suffix": "com", "code": "numcom"},
    "epci": {"coverage": "txcouv_pe_epci", "places": "nbpla_pe_epci", "suffix": "epci", "code": "numepci"},
    "departement": {"coverage": "txcouv_pe_dep", "places": "nbpla_pe_dep", "suffix": "dep", "code": "numdep"},
}


def records_url(base_url, dataset_id):
    return f"{base_url.rstrip('/')}/api/explore/v2.1/catalog/datasets/{dataset_id}/records"


def where_in(field, codes):
    """ODSQL filter ``field in ("a", "b")`` (codes are checked digits/letters, nothing to escape)."""
    return f"{field} in ({', '.join(chr(34) + c + chr(34) for c in codes)})"


def fetch_records(client, base_url, dataset_id, where=None):
    """Every row of a dataset matching ``where``, paging by offset (≤ 100 per call, offset+limit ≤ 10,000)."""
    rows, offset = [], 0
    while True:
        client.check_cancelled()
        params = {"limit": PAGE_LIMIT, "offset": offset}
        if where:
            params["where"] = where
        payload = client.get_json(records_url(base_url, dataset_id), params)
        if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
            raise PayloadError("caf_no_results", dataset=dataset_id)
        rows.extend(payload["results"])
        offset += PAGE_LIMIT
        total = payload.get("total_count")
        if len(payload["results"]) < PAGE_LIMIT or (total is not None and offset >= total):
            break
        if offset + PAGE_LIMIT > OFFSET_CAP:
            raise PayloadError(
                f"{dataset_id} has more than {OFFSET_CAP} matching rows: "
                "narrow the territory (the API pages no further)."
            )
    return rows


def is_placeholder(text):
    """True for the CAF's masked cells: XX, XXX, any run of X, and a few other markers."""
    text = str(text).strip().upper()
    return text in PLACEHOLDERS or set(text) == {"X"}


def clean_value(value):
    """Number of a CAF cell; None for placeholders (XX, XXX...) and empty cells."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(",", ".")
    if is_placeholder(text):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def latest_by_code(rows, code_field, value_fields):
    """{code: {year, field: value...}} keeping each area's most recent year; placeholder codes (XX) are skipped."""
    latest = {}
    for row in rows:
        code = str(row.get(code_field) or "").strip()
        if is_placeholder(code):
            continue
        year = str(row.get("annee") or "")[:4]
        if code in latest and latest[code]["year"] >= year:
            continue
        entry = {"year": year}
        for field in value_fields:
            entry[field] = clean_value(row.get(field))
        latest[code] = entry
    return latest


def fetch_childcare_figures(client, scale, codes, base_url=DEFAULT_BASE_URL):
    """Coverage rate and places per area code for a scale ("commune", "epci", "departement").

    Returns {code: {"year", "coverage_rate", "coverage_rate_eaje", "places_eaje", "places_micro_paje",
    "places_collective", "places_total"}}:

    - ``places_eaje``: places in EAJE funded by the PSU (``pl_psu_col_*``: crèches, haltes-garderies,
      multi-accueils and the micro-crèches under the PSU);
    - ``places_micro_paje``: places in micro-crèches funded by the PAJE (``pl_hors_psu_col_*``), which
      ``pl_psu_col_*`` leaves out;
    - ``places_collective``: their sum, every place of collective care (None when either is masked);
    - ``places_total``: the whole offer including childminders (``tot_offre_*``).
    """
    spec = SCALES[scale]
    suffix = spec["suffix"]
    where = where_in(spec["code"], codes) if codes else None
    coverage = latest_by_code(
        fetch_records(client, base_url, spec["coverage"], where),
        spec["code"],
        [f"txcouv_{suffix}", f"txcouv_eaje_{suffix}"],
    )
    places = latest_by_code(
        fetch_records(client, base_url, spec["places"], where),
        spec["code"],
        [f"pl_psu_col_{suffix}", f"pl_hors_psu_col_{suffix}", f"tot_offre_{suffix}"],
    )
    figures = {}
    for code in set(coverage) | set(places):
        c, p = coverage.get(code, {}), places.get(code, {})
        psu, paje = p.get(f"pl_psu_col_{suffix}"), p.get(f"pl_hors_psu_col_{suffix}")
        figures[code] = {
            "year": c.get("year") or p.get("year"),
            "coverage_rate": c.get(f"txcouv_{suffix}"),
            "coverage_rate_eaje": c.get(f"txcouv_eaje_{suffix}"),
            "places_eaje": psu,
            "places_micro_paje": paje,
            "places_collective": None if psu is None or paje is None else psu + paje,
            "places_total": p.get(f"tot_offre_{suffix}"),
        }
    return figures
