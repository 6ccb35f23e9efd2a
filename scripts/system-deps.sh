#!/usr/bin/env bash
# Debian packages the portal needs beyond Python: PostgreSQL 15 (tests), gettext (compiling the
# catalogues), Pango (WeasyPrint) and Chromium (end-to-end tests). Installs only what is missing, and only as root.
set -euo pipefail

missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
command -v msgfmt >/dev/null || missing+=(gettext)
ldconfig -p | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep -q 'libharfbuzz-subset' || missing+=(libharfbuzz-subset0)
# Debian's Chromium for the end-to-end tests (Playwright drives it; no browser download).
[ -x /usr/bin/chromium ] || missing+=(chromium)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
