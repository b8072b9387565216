#!/usr/bin/env bash
# Screenshots of docs/usage.md, taken from a real QGIS desktop on a virtual screen (Xvfb).
#
#   bash scripts/screenshots.sh [fr|en]        (default fr; SHARED=../shared by default)
#
# A fresh QGIS profile in a temporary folder gets the plugin from this checkout (QGIS_PLUGINPATH on
# .pkgroot/, "[PythonPlugins] vigie=true" in its QGIS3.ini) and the chosen interface language. QGIS
# starts under xvfb-run with a startup script (--code) that runs vigie:roadtraveltime and vigie:coverage
# on the Hautes-Alpes sample, shows the result, opens the Processing toolbox on the Vigie provider,
# then the dialogs of vigie:roadtraveltime and of the road model; each view is captured with
# ImageMagick's "import -window root", cropped to the window, and reduced to a small palette PNG.
# The map is printed by vigie:maplayout in that same session. Look at every image before committing.
#
# Needs: xvfb-run (xvfb), import and convert (imagemagick), qgis.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LANGUAGE="${1:-fr}"
SHARED="${SHARED:-$ROOT/../shared}"
IMAGES="$ROOT/docs/img"

for tool in xvfb-run import convert qgis; do
  command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is missing (apt-get install xvfb imagemagick qgis)" >&2; exit 1; }
done
if [ ! -f "$SHARED/data/hautes-alpes/population-filosofi2019-200m-gap-champsaur.gpkg" ]; then
  echo "screenshots.sh: the Hautes-Alpes sample is not in $SHARED (set SHARED=...)" >&2
  exit 1
fi
SHARED="$(cd "$SHARED" && pwd)"
mkdir -p "$IMAGES"
python3 "$ROOT/scripts/pkgroot.py" >/dev/null  # .pkgroot/vigie -> this clone

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PROFILE_DIR="$WORK/profiles/shots/QGIS"
mkdir -p "$PROFILE_DIR"
cat >"$PROFILE_DIR/QGIS3.ini" <<INI
[PythonPlugins]
vigie=true
processing=true

[locale]
overrideFlag=true
userLocale=$LANGUAGE

[qgis]
checkVersion=false
allowVersionCheck=false
showTips322=false
INI

cat >"$WORK/drive.py" <<'PY'
"""Runs inside QGIS (--code): puts the window in each state, then captures the screen."""
import os
import subprocess
import traceback

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface, plugins

WORK, SHARED = os.environ["SHOT_WORK"], os.environ["SHOT_SHARED"]
HAUTES_ALPES = os.path.join(SHARED, "data", "hautes-alpes")
FRENCH = os.environ["SHOT_LANGUAGE"] == "fr"
window = iface.mainWindow()
dialogs = []  # kept alive while shown
layers = {}


def capture(name, widget):
    QApplication.processEvents()
    geometry = widget.frameGeometry()
    crop = f"{geometry.width()}x{geometry.height()}+{geometry.x()}+{geometry.y()}"
    subprocess.run(["import", "-window", "root", "-crop", crop, os.path.join(WORK, name + ".png")], check=True)
    log(f"captured {name}")


def log(message):
    with open(os.path.join(WORK, "progress.log"), "a", encoding="utf-8") as progress:
        progress.write(message + "\n")


def load_layers():
    """Road travel time and coverage computed here, in the desktop's language, then shown on the map."""
    import processing

    log("computing")
    window.setGeometry(0, 0, 1600, 1000)
    roads = os.path.join(HAUTES_ALPES, "roads-osm-2021-07-gap-champsaur-drivable.gpkg")
    cells = os.path.join(HAUTES_ALPES, "population-filosofi2019-200m-gap-champsaur.gpkg")
    communes_path = os.path.join(HAUTES_ALPES, "communes-2018-population.geojson")
    hospitals_path = os.path.join(HAUTES_ALPES, "health-facilities-finess-2020.geojson")
    times_path, coverage_path = os.path.join(WORK, "times.gpkg"), os.path.join(WORK, "coverage.gpkg")
    processing.run(
        "vigie:roadtraveltime",
        {"NETWORK": roads, "ORIGINS": cells, "DESTINATIONS": hospitals_path, "OUTPUT": times_path},
    )
    processing.run(
        "vigie:coverage",
        {
            "POPULATION": times_path,
            "POPULATION_FIELD": "ind",
            "TIME_FIELD": "time_min",
            "AREAS": communes_path,
            "OUTPUT": coverage_path,
        },
    )
    communes = QgsVectorLayer(communes_path, "Communes", "ogr")
    hospitals = QgsVectorLayer(hospitals_path, "Hôpitaux (FINESS 2020)" if FRENCH else "Hospitals (FINESS 2020)", "ogr")
    times = QgsVectorLayer(times_path, "Temps de trajet routier" if FRENCH else "Road travel time", "ogr")
    from vigie.plugin.styles import apply_service_points, outline_renderer

    apply_service_points(hospitals)
    communes.setRenderer(outline_renderer(colour="#5a5a5a", width="0.25"))
    QgsProject.instance().addMapLayers([times, communes, hospitals])
    root = QgsProject.instance().layerTreeRoot()
    for layer in (hospitals, communes):  # points and outlines above the cells
        node = root.findLayer(layer.id())
        root.insertChildNode(0, node.clone())
        root.removeChildNode(node)
    layers.update(times=times, communes=communes, hospitals=hospitals, coverage=coverage_path)
    canvas = iface.mapCanvas()
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(times, times.extent()))
    canvas.refresh()
    log("layers loaded")


def show_toolbox():
    toolbox = plugins["processing"].toolbox
    toolbox.show()
    window.resizeDocks([toolbox], [430], 1)  # Qt.Horizontal
    tree = toolbox.algorithmTree
    model = tree.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.data(index) == "Vigie":
            tree.expand(index)
            for child in range(model.rowCount(index)):
                tree.expand(model.index(child, 0, index))
            QTimer.singleShot(1000, lambda index=index: tree.scrollTo(index, tree.PositionAtTop))
    canvas = iface.mapCanvas()
    canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(layers["times"], layers["times"].extent()))
    canvas.refresh()


def open_dialog(algorithm_id, parameters, name):
    import processing

    dialog = processing.createAlgorithmDialog(algorithm_id, parameters)
    dialog.resize(900, 760)
    dialog.move(200, 80)
    dialog.show()
    dialogs.append(dialog)
    QTimer.singleShot(2500, lambda: (capture(name, dialog), dialog.close()))


def road_dialog():
    hautes_alpes = HAUTES_ALPES
    open_dialog(
        "vigie:roadtraveltime",
        {
            "NETWORK": os.path.join(hautes_alpes, "roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
            "ORIGINS": os.path.join(hautes_alpes, "population-filosofi2019-200m-gap-champsaur.gpkg"),
            "DESTINATIONS": os.path.join(hautes_alpes, "health-facilities-finess-2020.geojson"),
        },
        "roadtraveltime_dialog",
    )


def model_dialog():
    hautes_alpes = HAUTES_ALPES
    open_dialog(
        "vigie:diagnostic_road_access",
        {
            "NETWORK": os.path.join(hautes_alpes, "roads-osm-2021-07-gap-champsaur-drivable.gpkg"),
            "POPULATION": os.path.join(hautes_alpes, "population-filosofi2019-200m-gap-champsaur.gpkg"),
            "SERVICES": os.path.join(hautes_alpes, "health-facilities-finess-2020.geojson"),
            "COMMUNES": os.path.join(hautes_alpes, "communes-2018-population.geojson"),
        },
        "model_dialog",
    )


def make_map():
    """The map as vigie:maplayout prints it, in this desktop's language."""
    import processing

    title = "Temps de trajet par la route vers l'hôpital le plus proche" if FRENCH else "Road time to the nearest hospital"
    subtitle = "Habitants des carreaux de 200 m (INSEE Filosofi 2019)" if FRENCH else "Inhabitants of the 200 m cells"
    processing.run(
        "vigie:maplayout",
        {
            "LAYERS": [layers["hospitals"], layers["communes"], layers["times"]],
            "TITLE": title,
            "SUBTITLE": subtitle,
            "AREA": layers["times"],
            "SUMMARY": layers["coverage"],
            "DPI": 100,
            "OUTPUT_PNG": os.path.join(WORK, "map.png"),
        },
    )


def settings_page():
    """Settings ▸ Options, on the Vigie page (organisation, logo, cache, BPE edition)."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QAbstractItemView

    def shoot():
        dialog = QApplication.activeModalWidget()
        log(f"options dialog: {type(dialog).__name__}")
        try:
            for view in dialog.findChildren(QAbstractItemView):  # the list of pages (a tree or a list)
                model = view.model()
                if model is None or model.rowCount() == 0:
                    continue
                found = model.match(
                    model.index(0, 0), Qt.ItemDataRole.DisplayRole, "Vigie", 1, Qt.MatchFlag.MatchRecursive
                )
                if found:
                    view.setCurrentIndex(found[0])
            dialog.resize(1000, 640)
            QTimer.singleShot(1500, lambda: (capture("settings_page", dialog), dialog.reject()))
        except BaseException:
            log(traceback.format_exc())
            dialog.reject()

    QTimer.singleShot(6000, logged(shoot))
    log("opening the options dialog")
    iface.showOptionsDialog(iface.mainWindow())  # modal: returns when shoot() closes it
    log("options dialog closed")


def finish():
    QgsProject.instance().setDirty(False)
    open(os.path.join(WORK, "done"), "w").close()
    QgsApplication.instance().exit(0)


steps = [
    (4000, load_layers),
    (2000, show_toolbox),
    (5000, lambda: capture("toolbox", window)),
    (500, road_dialog),
    (4000, model_dialog),
    (4000, make_map),
    (2000, settings_page),
    (20000, finish),
]
def logged(step):
    def run():
        try:
            step()
        except BaseException:  # written to progress.log, then raised again: QGIS only shows it in its UI
            log(traceback.format_exc())
            raise

    return run


delay = 0
for wait, step in steps:
    delay += wait
    QTimer.singleShot(delay, logged(step))
PY

echo "QGIS desktop ($LANGUAGE) on a virtual screen…"
SHOT_WORK="$WORK" SHOT_SHARED="$SHARED" SHOT_LANGUAGE="$LANGUAGE" \
QGIS_PLUGINPATH="$ROOT/.pkgroot" XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/vigie-runtime-$(id -u)}" \
  timeout 180 xvfb-run -a -s "-screen 0 1600x1000x24" \
  qgis --nologo --noversioncheck --profiles-path "$WORK" --profile shots --code "$WORK/drive.py" \
  >"$WORK/qgis.log" 2>&1 || true
if [ ! -f "$WORK/done" ] || grep -q Traceback "$WORK/progress.log"; then
  echo "screenshots.sh: QGIS did not finish its script; its progress and log:" >&2
  cat "$WORK/progress.log" >&2 2>/dev/null || true
  tail -40 "$WORK/qgis.log" >&2
  exit 1
fi

# Small palette PNGs (docs stay light): the UI has few colours, the map keeps 256.
for name in toolbox roadtraveltime_dialog model_dialog settings_page; do
  convert "$WORK/$name.png" -strip -background white -alpha remove -alpha off -colors 128 "PNG8:$IMAGES/${name}_$LANGUAGE.png"
done
convert "$WORK/map.png" -strip -background white -alpha remove -alpha off -resize 1200x -colors 256 "PNG8:$IMAGES/map_$LANGUAGE.png"
ls -l "$IMAGES"/*_"$LANGUAGE".png
