#!/usr/bin/env bash
# Install everything the test suite needs (Debian packages when run as root, Python packages in
# a virtual environment .venv) and run all tests. Used by the README and by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS="chromium fonts-noto-cjk poppler-utils libreoffice-writer-nogui python3-venv"
missing=""
for pkg in $DEBS; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends $missing
  else
    echo "==> missing Debian packages:$missing (run: sudo apt-get install$missing)" >&2
    exit 2
  fi
fi

# PostgreSQL for the register tests (127.0.0.1:5432, user postgres, database test).
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi

# A virtual environment: a stock Debian Python refuses system-wide pip installs (PEP 668).
PY="${GONGKAI_PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> $PY -m venv .venv"
  "$PY" -m venv .venv
fi
echo "==> pip install -e .[test]"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

mkdir -p test-artifacts
echo "==> pytest"
.venv/bin/python -m pytest -n 2 -p no:cacheprovider -q "$@"
