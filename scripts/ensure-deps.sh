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
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    # npm 11 can record a lockfile without other platforms' optional binaries (@swc/core-*),
    # which npm ci then refuses; npm install keeps the locked versions and fills them in.
    echo "npm ci refused the lockfile; installing the same locked versions with npm install"
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
