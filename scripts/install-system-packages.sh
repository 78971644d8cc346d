#!/usr/bin/env bash
# The Debian packages Istog Consult needs, installed in one place for `make run`, `make test`
# and `.ci/run` alike.
#
#   scripts/install-system-packages.sh run    what serving the portal needs (gettext, Pango, fonts)
#   scripts/install-system-packages.sh test   that, plus what the whole test suite needs
#                                             (Chromium, npm, poppler-utils, postgresql-client,
#                                             nginx)
#   scripts/install-system-packages.sh benchmark   what serving needs, plus wrk and nginx (make benchmark,
#                                             make two-node, scripts/nginx_microcache.py)
#
# Only missing packages are installed. As root, or with passwordless sudo, it runs apt-get;
# otherwise it prints the exact command to run and exits with status 1, so that the make
# target stops there instead of failing later with a less helpful message.
# SKIP_BROWSER=1 leaves Chromium and npm out of the test set (the browser suite is skipped then).
set -euo pipefail

profile="${1:-test}"
case "$profile" in
  run | test | benchmark) ;;
  *) echo "usage: $0 [run|test|benchmark]" >&2; exit 2 ;;
esac

# Each entry: a Debian package and how to tell it is there (a command, or dpkg for libraries).
run_packages=(
  "gettext:cmd:msgfmt"
  "libpango-1.0-0:dpkg"
  "libpangoft2-1.0-0:dpkg"
  "fonts-dejavu-core:dpkg"
)
test_packages=(
  "poppler-utils:cmd:pdftotext"
  "postgresql-client:cmd:pg_isready"
  # Debian's nginx, for tests/test_nginx_microcache.py (deploy/nginx/istog-consult.conf); never started as a service.
  "nginx:cmd:nginx"
)
browser_packages=(
  "chromium:cmd:chromium"
  "npm:cmd:npm"
  # Java for the Nu HTML checker (vnu-jar from npm, tests/browser/test_markup.py); Java 17 is enough.
  "default-jre-headless:cmd:java"
)
benchmark_packages=(
  "wrk:cmd:wrk"
  "nginx:cmd:nginx"
)

wanted=("${run_packages[@]}")
if [ "$profile" = test ]; then
  wanted+=("${test_packages[@]}")
  case "${SKIP_BROWSER:-}" in
    1 | true | yes) ;;
    *) wanted+=("${browser_packages[@]}") ;;
  esac
fi
if [ "$profile" = benchmark ]; then
  wanted+=("${benchmark_packages[@]}")
fi

missing=()
for entry in "${wanted[@]}"; do
  IFS=: read -r package how probe <<<"$entry"
  if [ "$how" = cmd ]; then
    command -v "$probe" >/dev/null 2>&1 || missing+=("$package")
  else
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

command_line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Istog Consult needs these Debian packages: ${missing[*]}" >&2
  echo "Run this as root (or with sudo), then run make again:" >&2
  echo "  sudo sh -c '$command_line'" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
