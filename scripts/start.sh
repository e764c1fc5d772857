#!/usr/bin/env bash
# Quick start: the ledger on the embedded SQLite store, with the demo campaign loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent build
export LEDGER_DEMO="${LEDGER_DEMO:-1}"
# The quick start needs no key: open mode, which the ledger accepts only on a loopback address
# (LEDGER_HOST defaults to 127.0.0.1). With any credential configured it stays off.
if [[ -z "${LEDGER_API_KEYS:-}${LEDGER_ACCESS_FILE:-}${LEDGER_JWT_SECRET:-}${LEDGER_JWT_PUBLIC_KEY_FILE:-}" ]]; then
  export LEDGER_OPEN_MODE="${LEDGER_OPEN_MODE:-1}"
fi
# A 64 MiB young generation: fewer scavenges of the short-lived request and event objects
# (-13 to -17% CPU per enrollment, docs/performance.md).
exec node --max-semi-space-size=64 dist/apps/ledger-api/src/main.js
