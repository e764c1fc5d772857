#!/usr/bin/env bash
# Installs the locked dependencies when node_modules is missing or older than the lockfile.
# better-sqlite3 builds from source (about a minute); node-gyp needs Node's headers, which
# Debian's nodejs ships under /usr/include/node, and no download is possible here.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f /usr/include/node/node.h ] && [ -z "${npm_config_nodedir:-}" ]; then
  export npm_config_nodedir=/usr
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi
