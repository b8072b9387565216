#!/usr/bin/env bash
# Builds vigie.zip for QGIS "Plugins ▸ Manage and Install Plugins ▸ Install from ZIP":
# one top folder vigie/ holding metadata.txt, __init__.py, LICENSE, plugin/, processing_algorithms/,
# resources/ and the compiled translations i18n/*.qm — nothing else (no tests, Makefile, .ts, scripts).
#
# Which files ship: the files git tracks under those paths PLUS the untracked files that .gitignore
# does not exclude, so that a new algorithm not yet committed is not silently missing from the zip
# (the zip matches what the tests ran on). Ignored files (caches, .qm, .venv, build output) never ship.
# For a release, build from a clean checkout: the script lists the untracked files it ships.
# Without git (a source tarball), the same folders are walked, minus caches.
#
# Usage: scripts/package.sh [OUTPUT_ZIP]   (default: vigie.zip at the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUTPUT="$(realpath -m "${1:-vigie.zip}")"
SHIPPED_PATHS=(metadata.txt __init__.py LICENSE plugin processing_algorithms resources)

LRELEASE="${LRELEASE:-$(command -v lrelease || command -v lrelease-qt5 || true)}"
if [ -z "$LRELEASE" ] && [ -x /usr/lib/qt5/bin/lrelease ]; then LRELEASE=/usr/lib/qt5/bin/lrelease; fi
if [ -z "$LRELEASE" ]; then
  echo "package.sh: lrelease not found (Debian: apt-get install qttools5-dev-tools)" >&2
  exit 1
fi
for required in metadata.txt __init__.py LICENSE; do
  [ -f "$required" ] || { echo "package.sh: $required is missing" >&2; exit 1; }
done

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/vigie/i18n"

list_files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard -- "${SHIPPED_PATHS[@]}"
  else
    find "${SHIPPED_PATHS[@]}" -type f -print0
  fi
}

untracked=""
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  untracked="$(git ls-files --others --exclude-standard -- "${SHIPPED_PATHS[@]}")"
fi

count=0
while IFS= read -r -d '' file; do
  # Tracked files deleted in the working tree, caches and hidden files (.keep…) do not ship.
  [ -f "$file" ] || continue
  case "$file" in
    *__pycache__* | *.pyc | *.pyo | .* | */.* | *.ts | */tests/*) continue ;;
  esac
  mkdir -p "$STAGE/vigie/$(dirname "$file")"
  cp -p "$file" "$STAGE/vigie/$file"
  count=$((count + 1))
done < <(list_files)

# Translations are compiled from the .ts here, so the zip never carries a stale .qm.
for ts in i18n/*.ts; do
  [ -f "$ts" ] || continue
  name="$(basename "${ts%.ts}")"
  "$LRELEASE" -silent "$ts" -qm "$STAGE/vigie/i18n/$name.qm"
  count=$((count + 1))
done

mkdir -p "$(dirname "$OUTPUT")"
rm -f "$OUTPUT.tmp"
(cd "$STAGE" && zip -q -r -X "$OUTPUT.tmp" vigie)
mv -f "$OUTPUT.tmp" "$OUTPUT"

if [ -n "$untracked" ]; then
  echo "package.sh: shipping files not committed yet:"
  echo "$untracked" | grep -v -e __pycache__ -e '\.pyc$' | sed 's/^/  /'
fi
echo "package.sh: ${OUTPUT#"$ROOT"/} built with $count files ($(du -k "$OUTPUT" | cut -f1) kB)"
