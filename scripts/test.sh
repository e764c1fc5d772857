#!/usr/bin/env bash
# Every test: static checks, unit tests, a build, then the end-to-end suites (which start what
# they need themselves), the browser suites (test/browser: the dashboard on Debian's Chromium,
# installed by scripts/ensure-chromium.sh when missing, never skipped), then the Kafka suites
# (test/kafka) on a real broker: the brokers in LEDGER_KAFKA_BROKERS when set, otherwise the
# project's own (scripts/kafka/broker.sh, stopped again at the end). A broker that cannot be
# started fails the run, CI or not: the Kafka suites are never skipped. Prints one closing line
# "tests: N passed, N failed". Finally fails if the run changed the working tree (a tracked file
# rewritten, an unignored file left behind), naming them: on a clean clone (CI) the tree must be
# as clean afterwards as before.
set -euo pipefail
cd "$(dirname "$0")/.."
tree_before="$(git status --porcelain 2>/dev/null || true)"
bash scripts/ensure-deps.sh
results="$(mktemp -d)"
kafka_started=0
cleanup() {
  if [[ "$kafka_started" == 1 ]]; then bash scripts/kafka/broker.sh stop || true; fi
  rm -rf "$results"
}
trap cleanup EXIT

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
# Without Kafka: these suites run the ledger as shipped (embedded, Kafka off).
env -u LEDGER_KAFKA_BROKERS npx jest -c test/jest-e2e.config.js --runInBand \
  --testPathIgnorePatterns '/node_modules/' '<rootDir>/test/kafka/' \
  --json --outputFile="$results/e2e.json" || status=1

echo "== browser tests"
# The dashboard on a real headless Chromium (Debian's package; installed here when missing).
if bash scripts/ensure-chromium.sh; then
  env -u LEDGER_KAFKA_BROKERS npx jest -c test/browser/jest-browser.config.js --runInBand \
    --json --outputFile="$results/browser.json" || status=1
else
  echo "browser: Chromium could not be installed${CI:+ (CI)}: the browser suites fail"
  status=1
fi

echo "== Kafka tests"
if [[ -n "${LEDGER_KAFKA_BROKERS:-}" ]]; then
  echo "kafka: using LEDGER_KAFKA_BROKERS=$LEDGER_KAFKA_BROKERS"
elif ! bash scripts/kafka/broker.sh status >/dev/null 2>&1; then
  if bash scripts/kafka/broker.sh start; then
    kafka_started=1
  else
    # The suites below try again and fail with the broker's output; never a silent skip.
    echo "kafka: the broker could not be started${CI:+ (CI)}: the Kafka suites will fail"
    status=1
  fi
fi
npx jest -c test/jest-e2e.config.js --runInBand test/kafka \
  --json --outputFile="$results/e2e-kafka.json" || status=1

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, pending = 0;
  for (const f of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; pending += r.numPendingTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed` + (pending ? `, ${pending} skipped` : ""));
' "$results"

tree_after="$(git status --porcelain 2>/dev/null || true)"
if [[ "$tree_after" != "$tree_before" ]]; then
  echo "the test run changed the working tree (install, build or a test wrote these files):"
  diff <(printf '%s\n' "$tree_before") <(printf '%s\n' "$tree_after") | grep '^>' | sed 's/^> /  /'
  status=1
fi
exit $status
