#!/usr/bin/env bash
# Quick start: the ledger on the embedded SQLite store, with the demo campaign loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent build
export LEDGER_DEMO="${LEDGER_DEMO:-1}"
exec node dist/apps/ledger-api/src/main.js
