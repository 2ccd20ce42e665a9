#!/bin/sh
# Builds tally_<version>_<arch>.deb from `meson install`: both binaries, their
# man pages and bash/zsh/fish completions, with Depends computed by
# dpkg-shlibdeps from the binaries' shared libraries.
#
#   packaging/deb/build-deb.sh [--build-dir DIR] [--out DIR]
#
# Without --build-dir: configures a release build in build-deb/ with
# --prefix=/usr and builds it. With --build-dir: installs that (already built)
# build dir, moving its prefix to /usr in the package (the files hold no
# prefix paths), which is what the test does with the test build.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build_dir=""
out_dir=$(pwd)
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) build_dir=$2; shift 2 ;;
    --out) out_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-deb.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in meson dpkg-deb dpkg-shlibdeps; do
  command -v $tool >/dev/null || { echo "build-deb.sh: $tool is missing (apt-get install meson dpkg-dev)" >&2; exit 2; }
done

if [ -z "$build_dir" ]; then
  build_dir=$source_dir/build-deb
  [ -d "$build_dir" ] || meson setup "$build_dir" "$source_dir" --prefix=/usr --buildtype=release -Dtests=false
  meson compile -C "$build_dir"
fi
build_dir=$(cd "$build_dir" && pwd)
prefix=$(meson introspect --buildoptions "$build_dir" | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/stage
meson install -C "$build_dir" --destdir "$stage" --no-rebuild --quiet >/dev/null
if [ "$prefix" != /usr ]; then
  mkdir -p "$stage/usr"
  cp -a "$stage$prefix/." "$stage/usr/"
  rm -rf "${stage:?}${prefix:?}"
  rmdir -p "$(dirname "$stage$prefix")" 2>/dev/null || true
fi
for f in "$stage"/usr/share/man/man1/*.1; do gzip -9n "$f"; done
strip --strip-unneeded "$stage/usr/bin/tally" "$stage/usr/bin/tally-bridge" 2>/dev/null || true

version=$("$stage/usr/bin/tally" --version | sed 's/^tally //')
arch=$(dpkg --print-architecture)

# dpkg-shlibdeps wants a debian/control beside it; give it one in the scratch dir.
mkdir -p "$work/debian"
printf 'Source: tally\n\nPackage: tally\nArchitecture: any\n' > "$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O --ignore-missing-info \
  "$stage/usr/bin/tally" "$stage/usr/bin/tally-bridge" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')

mkdir -p "$stage/DEBIAN"
size=$(du -sk "$stage/usr" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: tally
Version: $version
Architecture: $arch
Maintainer: Tally maintainers <tally@localhost>
Installed-Size: $size
Depends: $depends, tzdata
Section: utils
Priority: optional
Description: local SQLite ledger served to AI assistants over MCP
 Tally keeps your books in one local SQLite file and serves them to AI
 assistants (Claude Desktop, Cursor, any MCP client) over the Model Context
 Protocol: personal spending with splits and loans, card rewards, small
 business invoicing and affiliate tracking.
 .
 tally-bridge connects stdio-only MCP clients to remote Streamable HTTP MCP
 servers, with OAuth 2.1 sign-in.
CONTROL

mkdir -p "$out_dir"
deb=$out_dir/tally_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
