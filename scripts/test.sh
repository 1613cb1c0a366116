#!/usr/bin/env bash
# Run the whole test suite (unit, API, PDF and headless-Chromium browser tests).
# SQLite by default; set DATABASE_URL=postgresql://... to run it against PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m pytest "$@"
