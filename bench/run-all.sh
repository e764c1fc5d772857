#!/usr/bin/env bash
# Every benchmark with modest defaults, the machine printed once. Expects a build
# (`npm run bench` = `npm run build && bash bench/run-all.sh`). Sizes through the environment:
#   BULK_ENROLLMENTS=50000 HTTP_ENROLLMENTS=20000 HTTP_CLIENTS=64 REPLAY_EVENTS=1000000
#   QUERY_ENROLLMENTS=50000 QUERY_RATES=100,200,500,1000,2000,5000 QUERY_SECONDS=20
#   QUERY_MODES=plain,conditional (also gzip, br)   SHEET_ROWS=100000 SHEET_IMPORT=20000
#   REPLAY_10M=1        also replay 10,000,000 events (builds a ~14 GiB ledger in $TMPDIR first)
#   HUIDEBAO_SCALE=0.1  size of the synthetic 惠得保 campaign (1 = 830,000 people, ≈ 20 min)
#   PROFILE_DIR=dir     also write CPU profiles of the measured windows there
#   KAFKA=1             also the Kafka gateway beside kafka-producer-perf-test (needs java, mvn)
#   DEADLINE_DAY=N      also deadline day with N enrollments at 2,000/s (2000000 ≈ 20 min; Kafka too)
# Benchmarks print figures, never assert on them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f dist/bench/ingest-bulk.bench.js ]; then
  echo "dist/bench is missing: run npm run build first (or npm run bench)" >&2
  exit 1
fi

node -e "console.log('machine: ' + require('./dist/bench/machine.js').machine())"
export BENCH_MACHINE_PRINTED=1

profile() { # profile <name> → --profile <file> when PROFILE_DIR is set
  if [ -n "${PROFILE_DIR:-}" ]; then
    mkdir -p "$PROFILE_DIR"
    echo "--profile $PROFILE_DIR/$1.cpuprofile"
  fi
}

echo
echo "== bulk ingest: enrollment file import (what ledger import-enrollments does) =="
node dist/bench/ingest-bulk.bench.js "${BULK_ENROLLMENTS:-50000}" --path import \
  $(profile ingest-bulk-import)

echo
echo "== bulk ingest: single commands on the command bus, 256 in flight =="
node dist/bench/ingest-bulk.bench.js "${BULK_ENROLLMENTS:-50000}" 256 --path bus \
  $(profile ingest-bulk-bus)

echo
echo "== the floor of bulk ingest: the ledger's unavoidable work per enrollment, one thread =="
node dist/bench/ingest-floor.bench.js "${BULK_ENROLLMENTS:-50000}"

echo
echo "== HTTP enroll (API in its own process) =="
node dist/bench/ingest-http.bench.js "${HTTP_ENROLLMENTS:-20000}" "${HTTP_CLIENTS:-64}" \
  $(profile ingest-http-server)

echo
echo "== HTTP enroll in batches of 500 (POST /enrollment-batches, 4 clients) =="
node dist/bench/ingest-http.bench.js "${HTTP_ENROLLMENTS:-20000}" 4 --batch 500 \
  $(profile ingest-http-batch-server)

echo
echo "== operators' sheets: read CSV (UTF-8, GBK) and XLSX, import XLSX end to end =="
node dist/bench/sheet-import.bench.js "${SHEET_ROWS:-100000}" --import "${SHEET_IMPORT:-20000}"

echo
echo "== replay of all projections =="
node dist/bench/replay.bench.js "${REPLAY_EVENTS:-1000000}" \
  ${PROFILE_DIR:+--profile-dir "$PROFILE_DIR"}

if [ -n "${REPLAY_10M:-}" ]; then
  echo
  echo "== replay of all projections, 10,000,000 events =="
  node dist/bench/replay.bench.js 10000000 --modes ceiling,sqlite,memory
fi

echo
echo "== progress query under load (API in its own process) =="
node dist/bench/query.bench.js "${QUERY_ENROLLMENTS:-50000}" \
  --rates "${QUERY_RATES:-100,200,500,1000,2000,5000}" --seconds "${QUERY_SECONDS:-20}" \
  --modes "${QUERY_MODES:-plain,conditional}" \
  $(profile query-server)

echo
echo "== synthetic 惠得保 campaign (issue 16; HUIDEBAO_SCALE=1 for 004's full size, ≈ 20 min) =="
node dist/bench/huidebao.bench.js "${HUIDEBAO_SCALE:-0.1}"

if [ -n "${KAFKA:-}" ]; then
  echo
  echo "== Kafka gateway beside the broker's own producer (issue 17) =="
  node dist/bench/kafka-gateway.bench.js "${KAFKA_EVENTS:-50000}"
fi

if [ -n "${DEADLINE_DAY:-}" ]; then
  echo
  echo "== deadline day: ${DEADLINE_DAY} enrollments at 2,000/s, API + projector + gateway (issue 17) =="
  node dist/bench/deadline-day.bench.js "${DEADLINE_DAY}"
fi
