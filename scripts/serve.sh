#!/usr/bin/env bash
# Serves the portal for local use and stops everything it started on exit or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-127.0.0.1}
port=${2:-8000}
# Links in mail lead to this server unless SITE_URL names another address (a proxy).
export SITE_URL=${SITE_URL:-http://${host}:${port}}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "Serving the portal at http://${host}:${port}/ (Ctrl-C stops it); mail is written to var/mail/."
.venv/bin/python manage.py runserver "${host}:${port}" &
pids+=($!)
# The outbox worker delivers queued mail (to var/mail/ unless EMAIL_URL says otherwise).
.venv/bin/python manage.py run_worker >/dev/null &
pids+=($!)
wait -n
