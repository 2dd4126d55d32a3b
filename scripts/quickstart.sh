#!/usr/bin/env bash
# Install gongkai in a virtual environment (.venv) and check the bundled example reports.
# The examples are real published reports, several with real errors: the check ends with exit code 1
# ("发现错误级问题"), which is the expected result here.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${GONGKAI_PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -c "import ensurepip, venv" 2>/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q && apt-get install -y -q --no-install-recommends python3-venv
    else
      echo "需要 python3-venv：sudo apt-get install python3-venv" >&2
      exit 2
    fi
  fi
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q -e .
echo "==> .venv/bin/gongkai check examples/reports"
set +e
.venv/bin/gongkai check examples/reports
code=$?
set -e
if [ "$code" = 1 ]; then
  echo "（退出码 1：示例报告中有真实的错误，上面已逐条列出。）"
  exit 0
fi
exit "$code"
