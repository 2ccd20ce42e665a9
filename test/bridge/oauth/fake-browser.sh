#!/bin/sh
# A headless "browser" for sign-in tests, used as $BROWSER: GETs the authorization URL and
# follows redirects (at most 10) until a page that does not redirect, normally the
# bridge's loopback callback. It never retries a refused connection: the bridge must be
# listening before it opens the browser. FAKE_BROWSER_LOG=<file> appends each URL visited.
url=$1
[ -n "$url" ] || { echo "usage: fake-browser.sh URL" >&2; exit 2; }
hops=0
while [ $hops -lt 10 ]; do
  [ -n "${FAKE_BROWSER_LOG:-}" ] && printf '%s\n' "$url" >> "$FAKE_BROWSER_LOG"
  out=$(curl -sS -o /dev/null --max-time 10 -w '%{http_code} %{redirect_url}' "$url") || exit 1
  code=${out%% *}
  next=${out#* }
  case $code in
    3??) [ -n "$next" ] || exit 1; url=$next ;;
    2??) exit 0 ;;
    *) exit 1 ;;
  esac
  hops=$((hops + 1))
done
exit 1
