#!/usr/bin/env bash
# Every test: static checks, unit tests, a build, then the end-to-end suites (which start what
# they need themselves). Prints one closing line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

echo "== typecheck, lint, format"
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check >/dev/null || { npx prettier --list-different .; echo "prettier: files above are not formatted"; exit 1; }

echo "== build"
npm run --silent build

status=0
echo "== unit tests"
npx jest -c jest.config.js --json --outputFile="$results/unit.json" || status=1
echo "== end-to-end tests"
npx jest -c test/jest-e2e.config.js --runInBand --json --outputFile="$results/e2e.json" || status=1

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, pending = 0;
  for (const f of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; pending += r.numPendingTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed` + (pending ? `, ${pending} skipped` : ""));
' "$results"
exit $status
