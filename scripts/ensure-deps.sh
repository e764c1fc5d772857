#!/usr/bin/env bash
# Installs exactly the locked dependencies (npm ci) when node_modules is missing or older than
# the lockfile. Never rewrites package-lock.json: a lockfile that does not match package.json
# fails here with a message, because silently "repairing" it would install something other than
# what was reviewed. better-sqlite3 builds from source (about a minute); node-gyp needs Node's
# headers, which Debian's nodejs ships under /usr/include/node, and no download is possible here.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f /usr/include/node/node.h ] && [ -z "${npm_config_nodedir:-}" ]; then
  export npm_config_nodedir=/usr
fi
node scripts/check-lockfile.js
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing dependencies (npm ci)..."
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    echo "npm ci failed: package-lock.json does not install as locked." >&2
    echo "If package.json changed, run 'npm install' on a developer machine, check that the" >&2
    echo "lockfile still lists every platform's optional packages (node scripts/check-lockfile.js)," >&2
    echo "and commit both files. The install never rewrites the lockfile itself." >&2
    exit 1
  fi
fi
