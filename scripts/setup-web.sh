#!/usr/bin/env bash
# Installs what the web app's build and tests need, idempotently:
#   - web/node_modules from web/package-lock.json (npm ci, only when the lock changed);
#   - Debian's Chromium for the end-to-end tests (only when /usr/bin/chromium is missing; the tests
#     drive it with playwright-core — browsers are never downloaded by a test tool).
# Usage: scripts/setup-web.sh [--no-browser]
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[setup-web] $*" >&2; }

command -v node >/dev/null || { log "error: node is not installed"; exit 1; }
command -v npm >/dev/null || { log "error: npm is not installed"; exit 1; }

# node_modules ------------------------------------------------------------------------------------
stamp=web/node_modules/.ccsim-lock.sha
want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "npm ci (web/)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

# Chromium ------------------------------------------------------------------------------------------
if [ "${1:-}" != "--no-browser" ] && [ ! -x /usr/bin/chromium ]; then
  command -v apt-get >/dev/null || { log "error: /usr/bin/chromium is missing and apt-get is not available"; exit 1; }
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "installing Debian's chromium (apt-get)"
  ok=0
  for attempt in 1 2 3; do
    if timeout 300 $SUDO apt-get update -qq && \
       DEBIAN_FRONTEND=noninteractive timeout 600 $SUDO apt-get install -y -qq --no-install-recommends \
         chromium fonts-liberation fonts-dejavu-core >/dev/null; then ok=1; break; fi
    log "apt-get failed (attempt $attempt/3)"; sleep 3
  done
  [ "$ok" = 1 ] || { log "error: could not install chromium with apt-get"; exit 1; }
fi
log "ready"
