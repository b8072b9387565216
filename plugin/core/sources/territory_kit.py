"""The territory kit: one GeoPackage per territory, its layer layout, manifest rows and the resumable run.

QGIS-free. The layout below is a contract read by the diagnostic models, the indicators and the
batch runner (docs/territory-kit.md). A kit is built in steps; each step produces one or more
layers that are written atomically *together with their manifest rows* by a store (see
``plugin/kit_geopackage.py``), so the manifest is the record of what is complete: a rerun without
``refresh`` skips every step whose layers are all in the manifest, and a failure at step 5 leaves
steps 1–4 in place and names step 5 and its cause.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone

from .errors import CancelledError

KIT_EPSG = 2154  # metropolitan France; overseas kits use the département's Lambert CRS (territory.lambert_epsg)

# Field name -> type ("str", "int", "float"). Geometry type per layer: polygon layers are multi.
LAYOUT = {
    "territory": ("multipolygon", {"name": "str", "codes": "str", "buffer_km": "float"}),
    "communes": (
        "multipolygon",
        {"code": "str", "nom": "str", "epci": "str", "dep": "str", "reg": "str", "population": "int"},
    ),
    "epci": ("multipolygon", {"code": "str", "nom": "str"}),
    "population": (
        "multipolygon",
        {
            "idcar_200m": "str",
            "ind": "float",
            "men": "float",
            "ind_0_3": "float",
            "ind_4_5": "float",
            "ind_6_10": "float",
            "ind_11_17": "float",
            "ind_18_24": "float",
            "ind_25_39": "float",
            "ind_40_54": "float",
            "ind_55_64": "float",
            "ind_65_79": "float",
            "ind_80p": "float",
            "ind_inc": "float",
            "depcom": "str",
            "imputed": "int",
        },
    ),
    # Roads keep the source's own fields (OSM fclass/oneway/maxspeed or BD TOPO nature/vitesse_moyenne_vl…)
    # so that the routing profiles detect them; the store writes whatever fields the step gives.
    "roads": ("multilinestring", None),
    # INSEE's table of BPE ranges the services step used (RANGE_TABLE or INSEE's workbook): written only when
    # SERVICES names a range or RANGE_TABLE is given, so that a basket by range reads the kit alone.
    "bpe_ranges": (None, {"typequ": "str", "bpe_range": "str", "type_group": "str", "label": "str"}),
    "services": (
        "point",
        {
            "typequ": "str",
            "typequ_label": "str",
            "bpe_range": "str",
            "name": "str",
            "depcom": "str",
            "position_quality": "str",
            "approximate": "int",
            "capacity": "float",
            "source": "str",
        },
    ),
    "gtfs_stops": ("point", {"stop_id": "str", "stop_name": "str", "feed": "str"}),
}
MANIFEST = "manifest"
MANIFEST_FIELDS = {
    "layer": "str",
    "source_url": "str",
    "edition": "str",
    "fetched_at": "str",
    "licence": "str",
    "feature_count": "int",
    "query": "str",
}
OPTIONAL_LAYERS = ("bpe_ranges",)  # written only when a range table was used
LAYERS = tuple(name for name in LAYOUT if name not in OPTIONAL_LAYERS)  # the layers of every kit


@dataclass
class LayerData:
    """Rows of one kit layer: ``rows`` are dicts of field values with the geometry as WKT under ``wkt``."""

    name: str
    rows: list
    fields: dict = None  # None: LAYOUT's fields (roads: required)
    source_url: str = ""
    edition: str = ""
    licence: str = ""
    query: str = ""

    def schema(self):
        geometry, fields = LAYOUT[self.name]
        return geometry, (self.fields if self.fields is not None else fields)

    def manifest_row(self, fetched_at=None):
        return {
            "layer": self.name,
            "source_url": self.source_url,
            "edition": self.edition,
            "fetched_at": fetched_at or now_iso(),
            "licence": self.licence,
            "feature_count": len(self.rows),
            "query": self.query,
        }


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Step:
    """One step of the kit: a name shown to the user, the layers it writes, a function returning LayerData."""

    name: str
    layers: tuple
    run: object  # callable(context) -> list[LayerData]
    optional: bool = False


class KitStepError(RuntimeError):
    """A step failed: the layers of earlier steps are intact; ``step``/``number`` name the failed step."""

    def __init__(self, number, total, step, cause):
        self.number, self.total, self.step, self.cause = number, total, step, cause
        super().__init__(f"Step {number}/{total} ({step}) failed: {cause}")


@dataclass
class KitRun:
    written: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def run_steps(steps, store, context=None, refresh=False, log=None, progress=None, is_cancelled=None):
    """Run ``steps`` in order, writing each step's layers with their manifest rows through ``store``.

    ``store`` has ``completed_layers() -> set`` (layers with a manifest row) and
    ``write_layers(list[LayerData], manifest_rows)`` (atomic). Without ``refresh`` a step whose
    layers are all complete is skipped. Raises KitStepError (or CancelledError) on the first failure.
    """
    log = log or (lambda message: None)
    result = KitRun()
    done = set() if refresh else store.completed_layers()
    total = len(steps)
    for number, step in enumerate(steps, start=1):
        if is_cancelled is not None and is_cancelled():
            raise CancelledError("cancelled_kept_layers")
        if progress is not None:
            progress(number - 1, total, step.name)
        if set(step.layers) <= done:
            result.skipped.append(step.name)
            log(f"Step {number}/{total} ({step.name}): already in the kit, kept (REFRESH to fetch again).")
            continue
        try:
            produced = step.run(context)
            check_layers(step, produced)
            fetched_at = now_iso()
            store.write_layers(produced, [data.manifest_row(fetched_at) for data in produced])
        except CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - every cause is reported with the step that failed
            raise KitStepError(number, total, step.name, error) from error
        for data in produced:
            result.counts[data.name] = len(data.rows)
        result.written.append(step.name)
        log(f"Step {number}/{total} ({step.name}): " + ", ".join(f"{d.name} {len(d.rows)}" for d in produced))
    if progress is not None:
        progress(total, total, "")
    return result


def check_layers(step, produced):
    names = [data.name for data in produced]
    if sorted(names) != sorted(step.layers):
        raise ValueError(f"step '{step.name}' produced {names}, expected {list(step.layers)}")
    for data in produced:
        geometry, fields = data.schema()
        if fields is None:
            raise ValueError(f"layer '{data.name}' needs its fields")
