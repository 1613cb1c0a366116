#!/usr/bin/env bash
# Run the whole test suite (unit, API, PDF and headless-Chromium browser tests).
# SQLite by default; set DATABASE_URL=postgresql://... to run it against PostgreSQL.
# With no arguments the suite runs in TEST_PROCESSES (default 2) processes through pytest-xdist,
# a test file per process at a time; each process has a database of its own (tests/conftest.py).
# Schemathesis reports its generated cases through its own pytest hooks, which xdist's workers do
# not pass back, so tests/test_openapi.py runs after, in one process. Arguments run plain pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
status=0
.venv/bin/python -m pytest -n "${TEST_PROCESSES:-2}" --dist loadfile --ignore=tests/test_openapi.py || status=1
.venv/bin/python -m pytest -p no:xdist tests/test_openapi.py || status=1
exit $status
