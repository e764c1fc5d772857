#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, no ZooKeeper) for local tests and CI.
#
#   bash scripts/kafka/broker.sh start|stop|restart|kill|status|reset
#
# Kafka's jars come from Maven Central through scripts/kafka/pom.xml (no
# tarball download, no Docker). See scripts/kafka/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_HOME_DIR="${KAFKA_HOME_DIR:-$REPO_ROOT/.kafka}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"   # seconds
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"     # seconds
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
HOST=127.0.0.1

case "${1:-}" in
  start | stop | restart | kill | status | reset) ;;
  *)
    echo "usage: $(basename "$0") start|stop|restart|kill|status|reset" >&2
    echo "env: KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093), KAFKA_HOME_DIR (<repo>/.kafka)," >&2
    echo "     KAFKA_VERSION (3.9.1), KAFKA_START_TIMEOUT (90), KAFKA_STOP_TIMEOUT (30), KAFKA_HEAP_OPTS" >&2
    exit 2
    ;;
esac
[[ $# -eq 1 ]] || { echo "usage: $(basename "$0") start|stop|restart|kill|status|reset" >&2; exit 2; }

mkdir -p "$KAFKA_HOME_DIR"
KAFKA_HOME_DIR="$(cd "$KAFKA_HOME_DIR" && pwd)"
LIB_DIR="$KAFKA_HOME_DIR/lib"
DATA_DIR="$KAFKA_HOME_DIR/data"
LOG_DIRS="$DATA_DIR/kraft-logs"
PROPS="$KAFKA_HOME_DIR/server.properties"
LOG4J_PROPS="$KAFKA_HOME_DIR/log4j.properties"
TOOLS_LOG4J_PROPS="$KAFKA_HOME_DIR/tools-log4j.properties"
CLUSTER_ID_FILE="$KAFKA_HOME_DIR/cluster-id"
PID_FILE="$KAFKA_HOME_DIR/broker.pid"
BROKER_LOG="$KAFKA_HOME_DIR/broker.log"
MAVEN_LOG="$KAFKA_HOME_DIR/maven.log"
LOCK_FILE="$KAFKA_HOME_DIR/broker.lock"
LIB_STAMP="$LIB_DIR/.complete"
READY_LINE="Kafka Server started"

die() { echo "kafka: $*" >&2; exit 1; }

# Serialize concurrent invocations (e.g. parallel test runners) on one home dir.
take_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$LOCK_FILE"
    flock -w $((KAFKA_START_TIMEOUT + KAFKA_STOP_TIMEOUT + 600)) 9 || die "could not lock $LOCK_FILE"
  fi
}

require_java() {
  command -v java >/dev/null 2>&1 ||
    die "'java' not found on PATH; install a JDK/JRE 17 (Debian: apt-get install -y openjdk-17-jre-headless)"
  local v major
  v="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  major="${v%%.*}"
  [[ "$major" == 1 ]] && major="$(echo "$v" | cut -d. -f2)" # 1.8.0_x -> 8
  if [[ "$major" =~ ^[0-9]+$ ]] && ((major < 11)); then
    die "java on PATH is version $v; Kafka $KAFKA_VERSION needs Java 11+ (17 recommended)"
  fi
}

require_mvn() {
  command -v mvn >/dev/null 2>&1 ||
    die "'mvn' not found on PATH; install Maven 3 (Debian: apt-get install -y maven)"
}

port_open() { # port -> 0 if something accepts TCP connections on 127.0.0.1:port
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

is_our_broker() { # pid -> 0 if pid is a live kafka.Kafka running our server.properties
  local pid="$1" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *kafka.Kafka*"$PROPS"* ]]
}

proc_state() { # pid -> one-letter state (R, S, Z, ...), empty if there is no such process
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  echo "${stat%% *}"
}

alive() { # pid -> 0 while the process exists and is not a zombie
  [[ ! "$(proc_state "$1")" =~ ^(Z|X|)$ ]]
}

broker_pid() { # prints the pid of our broker, if one is running
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' <"$PID_FILE" || true)"
    if is_our_broker "$pid"; then echo "$pid"; return 0; fi
  fi
  # pid file missing or stale: look for a broker started with exactly our config file
  local d
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    if is_our_broker "$pid"; then echo "$pid"; return 0; fi
  done
  return 1
}

log_tail() {
  if [[ -f "$BROKER_LOG" ]]; then
    echo "---- last 60 lines of $BROKER_LOG ----" >&2
    tail -n 60 "$BROKER_LOG" >&2
    echo "----" >&2
  fi
}

lib_stamp_value() { # changes whenever the Kafka version or the pom changes
  echo "kafka=$KAFKA_VERSION pom=$(cksum <"$SCRIPT_DIR/pom.xml" | cut -d' ' -f1)"
}

ensure_jars() {
  if [[ -f "$LIB_STAMP" && "$(cat "$LIB_STAMP")" == "$(lib_stamp_value)" ]]; then
    return 0
  fi
  require_mvn
  local tmp="$KAFKA_HOME_DIR/lib.tmp"
  rm -rf "$tmp"
  if ! mvn -q -B -f "$SCRIPT_DIR/pom.xml" \
      -Dkafka.version="$KAFKA_VERSION" \
      dependency:copy-dependencies -DoutputDirectory="$tmp" >"$MAVEN_LOG" 2>&1; then
    echo "kafka: maven could not fetch the Kafka $KAFKA_VERSION jars; output:" >&2
    cat "$MAVEN_LOG" >&2
    rm -rf "$tmp"
    exit 1
  fi
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 ||
    die "maven finished but $tmp has no kafka_2.13-$KAFKA_VERSION.jar (see $MAVEN_LOG)"
  lib_stamp_value >"$tmp/.complete"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
}

write_config() {
  cat >"$PROPS" <<EOF
# Generated by scripts/kafka/broker.sh; rewritten on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$LOG_DIRS
num.partitions=3
default.replication.factor=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
# fewer internal partitions than the default 50: faster first group/transaction use
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
group.initial.rebalance.delay.ms=0
# After a SIGKILL the restarted node must wait for the old incarnation's session to
# expire (DUPLICATE_BROKER_REGISTRATION) before it can register: 9 s by default.
broker.session.timeout.ms=6000
broker.heartbeat.interval.ms=1000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=168
EOF
  cat >"$LOG4J_PROPS" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.controller=INFO
log4j.logger.kafka.log.LogCleaner=INFO
EOF
  # for the CLI tools (kafka.tools.*, org.apache.kafka.tools.*): warnings only, to stderr
  cat >"$TOOLS_LOG4J_PROPS" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.appender.stderr.Target=System.err
EOF
}

run_tool() { # main-class args... (short-lived JVM on the same classpath)
  java -Xmx256m -Dlog4j.configuration="file:$TOOLS_LOG4J_PROPS" -cp "$LIB_DIR/*" "$@"
}

ensure_formatted() {
  local cid
  if [[ -f "$LOG_DIRS/meta.properties" ]]; then
    # keep the cluster-id file in sync with the data actually on disk
    cid="$(sed -n 's/^cluster\.id=//p' "$LOG_DIRS/meta.properties")"
    [[ -n "$cid" && ! -s "$CLUSTER_ID_FILE" ]] && echo "$cid" >"$CLUSTER_ID_FILE"
    return 0
  fi
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    cid="$(run_tool kafka.tools.StorageTool random-uuid | tail -n 1 | tr -d '[:space:]')" ||
      die "kafka.tools.StorageTool random-uuid failed"
    [[ -n "$cid" ]] || die "kafka.tools.StorageTool random-uuid printed nothing"
    echo "$cid" >"$CLUSTER_ID_FILE"
  fi
  cid="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  mkdir -p "$DATA_DIR"
  local out
  if ! out="$(run_tool kafka.tools.StorageTool format --ignore-formatted -t "$cid" -c "$PROPS" 2>&1)"; then
    echo "$out" >&2
    die "formatting $LOG_DIRS failed"
  fi
}

wait_ready() { # pid
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! is_our_broker "$pid"; then
      echo "kafka: broker process $pid exited during startup" >&2
      log_tail
      rm -f "$PID_FILE"
      return 1
    fi
    if grep -q "$READY_LINE" "$BROKER_LOG" 2>/dev/null && port_open "$KAFKA_PORT"; then
      return 0
    fi
    sleep 0.5
  done
  echo "kafka: broker (pid $pid) not ready after ${KAFKA_START_TIMEOUT}s" >&2
  log_tail
  return 1
}

do_start() {
  require_java
  local pid
  if pid="$(broker_pid)"; then
    echo "$pid" >"$PID_FILE"
    local want="listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT"
    if ! grep -qxF "$want" "$PROPS"; then
      die "a broker (pid $pid) is already running from $KAFKA_HOME_DIR with other ports ($(grep '^listeners=' "$PROPS")); run '$0 stop' first"
    fi
    if wait_ready "$pid"; then
      echo "kafka broker ready on $HOST:$KAFKA_PORT"
      return 0
    fi
    return 1
  fi
  rm -f "$PID_FILE"
  if port_open "$KAFKA_PORT" || port_open "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT on $HOST is already in use by another process (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
  fi

  ensure_jars
  write_config
  ensure_formatted

  [[ -f "$BROKER_LOG" ]] && mv -f "$BROKER_LOG" "$BROKER_LOG.prev"
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  "${launcher[@]}" java $KAFKA_HEAP_OPTS \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$LOG4J_PROPS" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS" \
    </dev/null >"$BROKER_LOG" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  # until the fork has exec'd java, /proc/<pid>/cmdline still shows this script
  for _ in $(seq 1 100); do
    if is_our_broker "$pid" || ! alive "$pid"; then break; fi
    sleep 0.1
  done

  if wait_ready "$pid"; then
    echo "kafka broker ready on $HOST:$KAFKA_PORT"
    return 0
  fi
  do_kill >/dev/null 2>&1 || true
  return 1
}

do_stop() {
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while ((SECONDS < deadline)) && alive "$pid"; do
    sleep 0.2
  done
  if alive "$pid"; then
    echo "kafka: broker $pid did not stop within ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid"
  fi
  rm -f "$PID_FILE"
}

wait_gone() { # pid
  for _ in $(seq 1 50); do alive "$1" || return 0; sleep 0.1; done
}

do_kill() {
  local pid
  if pid="$(broker_pid)"; then
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid"
  fi
  rm -f "$PID_FILE"
}

do_status() {
  local pid
  if pid="$(broker_pid)" && port_open "$KAFKA_PORT"; then
    echo "kafka broker running (pid $pid) on $HOST:$KAFKA_PORT"
    return 0
  fi
  echo "kafka broker not running"
  return 1
}

do_reset() {
  do_stop
  rm -rf "$DATA_DIR"
}

case "$1" in
  start) take_lock; do_start ;;
  stop) take_lock; do_stop ;;
  restart) take_lock; do_stop; do_start ;;
  kill) take_lock; do_kill ;;
  status) do_status ;;
  reset) take_lock; do_reset ;;
esac
