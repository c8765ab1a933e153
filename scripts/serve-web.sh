#!/usr/bin/env bash
# Builds everything the web app needs and serves the production build (static files in web/dist/)
# on http://127.0.0.1:8080. Idempotent; Ctrl-C stops the server.
#   scripts/serve-web.sh            build + serve
#   scripts/serve-web.sh --build    build only (web/dist/ can then be served by any static server)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build-wasm.sh
./scripts/setup-web.sh --no-browser
cd web
npx tsc --noEmit
npx vite build --logLevel warn
echo "[serve-web] built web/dist/ ($(du -sh dist | cut -f1))" >&2
[ "${1:-}" = "--build" ] && exit 0
echo "[serve-web] serving on http://127.0.0.1:8080 (Ctrl-C to stop)" >&2
exec npx vite preview --host 127.0.0.1 --port 8080 --strictPort
