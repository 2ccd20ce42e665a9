#!/usr/bin/env bash
# Installs what Tally needs and is missing: Debian packages to build it, and
# (with --tests) Node and the pinned npm packages its tests use. Safe to rerun.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--tests" ] && want_tests=1

build_packages=(g++ cmake meson ninja-build pkg-config nlohmann-json3-dev libsqlitecpp-dev
  libsqlite3-dev libcli11-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev doctest-dev libssl-dev
  libcpp-httplib-dev libhowardhinnant-date-dev libutf8proc-dev ca-certificates tzdata
  libboost1.81-dev)
# libboost1.81-dev, never libboost-dev: that is 1.74 and conflicts with it (issue 16).
# tzdata: workspace time zones are checked against /usr/share/zoneinfo.
# python3 and make: npm compiles better-sqlite3 (the benchmark's reference server);
# dpkg-dev: dpkg-shlibdeps for the .deb the packaging test builds.
test_packages=(curl hledger python3 make dpkg-dev clang-14 libclang-rt-14-dev llvm-14 ccache
  chromium fonts-dejavu-core)
# clang-14 + libclang-rt-14-dev: the sanitizer builds and libFuzzer targets
# scripts/test runs (issue 22); llvm-14: llvm-symbolizer, so their reports name
# files and lines; ccache: reruns recompile only what changed.
# chromium + fonts-dejavu-core: the inbox's browser tests (issue 18) drive Debian's
# browser through playwright-core (no browser download); one font so pages render alike.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "bootstrap: need root (or sudo) to run: $*" >&2; exit 1
  fi
}

missing=()
packages=("${build_packages[@]}")
[ $want_tests -eq 1 ] && packages+=("${test_packages[@]}")
# Node comes from Debian only where no node is installed (a preinstalled Node
# and Debian's nodejs/npm packages conflict).
if [ $want_tests -eq 1 ] && ! command -v node >/dev/null; then packages+=(nodejs npm libnode-dev); fi
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ $want_tests -eq 1 ]; then
  # The lockfile pins every npm package the tests use, Node 22 (for the
  # conformance suite) among them; npm ci reinstalls only when it changed.
  stamp=test/node_modules/.tally-lock
  if ! cmp -s test/package-lock.json "$stamp" 2>/dev/null; then
    echo "bootstrap: npm ci in test/" >&2
    # node-gyp must build against the installed Node's headers, not download them.
    (cd test && npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error >&2)
    cp test/package-lock.json "$stamp"
  fi
fi
