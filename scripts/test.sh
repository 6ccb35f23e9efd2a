#!/usr/bin/env bash
# Every check of `make test`, against a throwaway PostgreSQL 15 (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if [ -z "${THROWAWAY_POSTGRES:-}" ]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi
export DJANGO_SETTINGS_MODULE=gdpr_portal.settings.test

echo "== ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check .
echo "== import contracts (docs/architecture.md)"
"$BIN/lint-imports" --no-cache
echo "== manage.py check"
"$BIN/python" manage.py check --fail-level WARNING
echo "== makemigrations --check"
"$BIN/python" manage.py makemigrations --check --dry-run
echo "== pytest"
"$BIN/python" -m pytest "$@"
