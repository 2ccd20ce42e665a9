#!/bin/sh
# Packs tally-<version>-<platform>-<arch>.mcpb, an MCP Bundle for one-click
# install in Claude Desktop: manifest.json (the server entry, with the ledger
# path and workspace as user settings) and the tally binary, validated and
# packed with the official @anthropic-ai/mcpb tool.
#
#   packaging/mcpb/build-mcpb.sh --tally PATH [--out DIR] [--mcpb PATH]
#
# The bundle carries the binary it is given, so it runs on the platform that
# binary was built for (with the same shared libraries as the .deb's Depends).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tally=""
out_dir=$(pwd)
mcpb=$here/../../test/node_modules/.bin/mcpb
while [ $# -gt 0 ]; do
  case $1 in
    --tally) tally=$2; shift 2 ;;
    --out) out_dir=$2; shift 2 ;;
    --mcpb) mcpb=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-mcpb.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$tally" ] || { echo "build-mcpb.sh: give the binary to bundle: --tally build/src/cli/tally" >&2; exit 2; }
[ -x "$mcpb" ] || { echo "build-mcpb.sh: $mcpb not found (npm ci in test/, or pass --mcpb)" >&2; exit 2; }

version=$("$tally" --version | sed 's/^tally //')
case $(uname -s) in Darwin) platform=darwin ;; Linux) platform=linux ;; *) platform=win32 ;; esac
arch=$(uname -m)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bundle/server"
sed -e "s/@VERSION@/$version/" -e "s/@PLATFORM@/$platform/" "$here/manifest.json" > "$work/bundle/manifest.json"
cp "$tally" "$work/bundle/server/tally"
strip --strip-unneeded "$work/bundle/server/tally" 2>/dev/null || true
chmod 755 "$work/bundle/server/tally"

"$mcpb" validate "$work/bundle/manifest.json" >&2
mkdir -p "$out_dir"
bundle=$out_dir/tally-$version-$platform-$arch.mcpb
"$mcpb" pack "$work/bundle" "$bundle" >&2
echo "$bundle"
