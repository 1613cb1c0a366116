#!/usr/bin/env bash
# Set up everything, build the database, load the demo data, and serve the portal at
# http://127.0.0.1:5000 with the scheduler (market data, e-mail retries) running beside the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

export FLASK_APP=wsgi
echo "==> Upgrading the database"
.venv/bin/flask db upgrade
echo "==> Loading demo data (idempotent)"
.venv/bin/flask demo-data

echo "==> Starting the scheduler (market data, e-mail retries)"
.venv/bin/flask scheduler &
scheduler=$!
trap 'kill "$scheduler" 2>/dev/null || true' EXIT INT TERM

echo "==> Serving the portal at http://127.0.0.1:5000 (Ctrl+C stops it)"
.venv/bin/gunicorn --bind 127.0.0.1:5000 --workers "${WEB_WORKERS:-2}" --access-logfile - wsgi:app
