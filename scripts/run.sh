#!/usr/bin/env bash
# Set up everything, build the database, load the demo data, and serve the portal at
# http://127.0.0.1:5000 with the scheduler (the clock: market data, e-mail retries) and a task-queue
# worker (e-mails, issue runs, market fetches) running beside the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

export FLASK_APP=wsgi
echo "==> Upgrading the database"
.venv/bin/flask db upgrade
echo "==> Loading demo data (idempotent)"
.venv/bin/flask demo-data

echo "==> Starting the scheduler (market data, e-mail retries) and a task worker (${TASK_WORKERS:-4} threads)"
.venv/bin/flask scheduler &
scheduler=$!
.venv/bin/flask worker --workers "${TASK_WORKERS:-4}" &
worker=$!
trap 'kill "$scheduler" "$worker" 2>/dev/null || true' EXIT INT TERM

echo "==> Serving the portal at http://127.0.0.1:5000 (Ctrl+C stops it)"
.venv/bin/gunicorn --bind 127.0.0.1:5000 --workers "${WEB_WORKERS:-2}" --access-logfile - wsgi:app
