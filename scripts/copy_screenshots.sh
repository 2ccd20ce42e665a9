#!/bin/sh
# Copies the screenshots the browser tests wrote (meson test web/inbox_browser)
# into docs/screenshots/, where README.md shows them. Run after the pages change.
set -eu
build=${1:-build}
src="$build/test/web/screenshots"
[ -d "$src" ] || { echo "no $src: run 'meson test -C $build web/inbox_browser' first" >&2; exit 1; }
mkdir -p docs/screenshots
for f in "$src"/*.png; do
  cp "$f" docs/screenshots/
  echo "docs/screenshots/$(basename "$f")"
done
