#!/usr/bin/env bash
# qgis_process with this checkout of Vigie loaded as a plugin, headless. Examples:
#   scripts/qgis_process.sh list
#   scripts/qgis_process.sh help vigie:roadtraveltime
#   scripts/qgis_process.sh run vigie:roadtraveltime -- NETWORK=roads.gpkg SERVICES=hospitals.gpkg ...
#
# - Binary: $QGIS_PROCESS if set, else qgis_process.bin when present (Debian/Ubuntu packages of
#   QGIS 3.22: their qgis_process wrapper adds --noversioncheck, which 3.22 rejects), else qgis_process.
# - Plugin: QGIS_PLUGINPATH gets .pkgroot/ (a folder holding a "vigie" link to this checkout).
# - Enabled once per QGIS profile with "qgis_process plugins enable vigie" (QGIS 3.22 and later),
#   which writes [PythonPlugins] vigie=true in <profile>/QGIS/QGIS3.ini. The profile is the
#   default one under $QGIS_CUSTOM_CONFIG_PATH when set, else the user's.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

if [ -n "${QGIS_PROCESS:-}" ]; then
  binary="$QGIS_PROCESS"
elif command -v qgis_process.bin >/dev/null 2>&1; then
  binary="$(command -v qgis_process.bin)"
elif command -v qgis_process >/dev/null 2>&1; then
  binary="$(command -v qgis_process)"
else
  echo "qgis_process.sh: qgis_process not found (Debian: apt-get install qgis)" >&2
  exit 127
fi

plugin_folder="$(python3 "$ROOT/scripts/pkgroot.py")"  # .pkgroot/vigie -> this clone
export QGIS_PLUGINPATH="$plugin_folder${QGIS_PLUGINPATH:+:$QGIS_PLUGINPATH}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="/tmp/vigie-runtime-$(id -u)"
  mkdir -p -m 0700 "$XDG_RUNTIME_DIR"
fi

config_root="${QGIS_CUSTOM_CONFIG_PATH:-${XDG_DATA_HOME:-$HOME/.local/share}/QGIS/QGIS3}"
if ! grep -qsx 'vigie=true' "$config_root/profiles/default/QGIS/QGIS3.ini"; then
  if ! enable_log="$("$binary" plugins enable vigie 2>&1)"; then
    echo "qgis_process.sh: could not enable the vigie plugin:" >&2
    echo "$enable_log" >&2
    exit 1
  fi
fi
exec "$binary" "$@"
