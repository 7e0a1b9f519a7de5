#!/usr/bin/env bash
# Runs prescale's real services on this machine, bound to 127.0.0.1 only:
#   - a single-node KRaft Kafka broker (kafka.Kafka),
#   - InfluxDB 1.x (influxd, Debian package "influxdb"),
#   - a Flink session cluster: one JobManager and one TaskManager with 2 slots.
# "up" then creates the job's Kafka topics that are missing, with "prescale infra topics": the
# CLI's list (InfraCommand.TOPICS) is the only one, so the wrapper builds the CLI on first use.
# Kafka and Flink run from the jars Maven resolved for the cli module; nothing is downloaded
# by hand. Config, data, logs and pid files all live under one work directory.
#
# Usage: infra/local.sh up|down|status
#
# Environment (defaults in brackets):
#   PRESCALE_HOME                    work directory [<repo>/.prescale/local]
#   PRESCALE_KAFKA_PORT              broker listener [9092]
#   PRESCALE_KAFKA_CONTROLLER_PORT   KRaft controller listener [9093]
#   PRESCALE_KAFKA_AUTO_CREATE       auto.create.topics.enable [false]
#   PRESCALE_INFLUX_PORT             InfluxDB HTTP API [8086]
#   PRESCALE_INFLUX_RPC_PORT         InfluxDB backup/restore RPC [8088]
#   PRESCALE_FLINK_REST_PORT         Flink REST API and web UI [8081]
#   PRESCALE_FLINK_RPC_PORT          JobManager RPC [6123]
#   PRESCALE_START_TIMEOUT           seconds to wait for each service [120]
#   PRESCALE_STOP_GRACE              seconds between SIGTERM and SIGKILL [20]
set -euo pipefail
# what the services write (the Flink logs name a job's failures, its options included; Kafka's and
# InfluxDB's data) is for this user alone, whatever the caller's umask
umask 077

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${PRESCALE_HOME:-$REPO/.prescale/local}
KAFKA_PORT=${PRESCALE_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${PRESCALE_KAFKA_CONTROLLER_PORT:-9093}
KAFKA_AUTO_CREATE=${PRESCALE_KAFKA_AUTO_CREATE:-false}
INFLUX_PORT=${PRESCALE_INFLUX_PORT:-8086}
INFLUX_RPC_PORT=${PRESCALE_INFLUX_RPC_PORT:-8088}
FLINK_REST_PORT=${PRESCALE_FLINK_REST_PORT:-8081}
FLINK_RPC_PORT=${PRESCALE_FLINK_RPC_PORT:-6123}
START_TIMEOUT=${PRESCALE_START_TIMEOUT:-120}
STOP_GRACE=${PRESCALE_STOP_GRACE:-20}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
HOST=127.0.0.1

# a port out of range failed `up` half a minute later as "kafka storage format failed" (the cause in
# Kafka's log alone), and `status` showed 127.0.0.1:110192 without a word
for v in PRESCALE_KAFKA_PORT PRESCALE_KAFKA_CONTROLLER_PORT PRESCALE_INFLUX_PORT \
  PRESCALE_INFLUX_RPC_PORT PRESCALE_FLINK_REST_PORT PRESCALE_FLINK_RPC_PORT; do
  if [[ -n ${!v:-} ]] && ! [[ ${!v} =~ ^[1-9][0-9]{0,4}$ && ${!v} -le 65535 ]]; then
    echo "local.sh: $v=${!v} is not a port (1 to 65535)" >&2
    exit 2
  fi
done

# Services in start order; "down" stops them in reverse.
SERVICES=(kafka influxd flink-jobmanager flink-taskmanager)

# Flink's distribution passes these to every JVM on Java 17 (env.java.default-opts.all).
FLINK_JAVA_OPTS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'local.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# processes

service_dir() {
  case $1 in
    kafka) echo "$WORK/kafka" ;;
    influxd) echo "$WORK/influxdb" ;;
    flink-*) echo "$WORK/flink" ;;
  esac
}
pid_file() { echo "$(service_dir "$1")/$1.pid"; }

# Where a service's stdout and stderr go.
log_file() {
  case $1 in
    flink-*) echo "$WORK/flink/log/$1.out" ;;
    *) echo "$(service_dir "$1")/$1.log" ;;
  esac
}

# The log worth reading when a service fails: Flink logs through log4j, the others to stdout.
main_log() {
  case $1 in
    flink-*) echo "$WORK/flink/log/$1.log" ;;
    *) log_file "$1" ;;
  esac
}

# The pid of a service we started, if that process is still alive and still ours: its command
# line must name our work directory, so a recycled pid is never mistaken for the service.
running_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # no grep -q: it would stop reading early, and under pipefail that fails the pipeline
  command_line "$pid" | grep -F -- "$WORK" >/dev/null || return 1
  echo "$pid"
}

command_line() {
  if [[ -r /proc/$1/cmdline ]]; then
    tr '\0' ' ' <"/proc/$1/cmdline"
  else
    ps -ww -o args= -p "$1" 2>/dev/null
  fi
}

# Starts "$@" detached (own session, no terminal), output appended to the service's log.
launch() {
  local name=$1
  shift
  local log
  log=$(log_file "$name")
  mkdir -p "$(dirname "$log")"
  printf '\n===== %s: starting %s\n' "$(date -Is)" "$name" >>"$log"
  # under job control (set -m) a background job leads its own process group, and setsid then
  # forks and its first process exits at once: $! would be that process, "exited during start-up"
  local -
  set +m
  if command -v setsid >/dev/null; then
    setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  else
    nohup "$@" >>"$log" 2>&1 </dev/null &
  fi
  local pid=$! waited=0
  echo "$pid" >"$(pid_file "$name")"
  # until the child has exec'd, its command line is still this script's and running_pid would
  # take the service for exited (one start in twenty-five under load)
  while kill -0 "$pid" 2>/dev/null && ! command_line "$pid" | grep -F -- "$WORK" >/dev/null &&
    ((waited++ < 100)); do
    sleep 0.05
  done
}

stop_service() {
  local name=$1 pid waited=0
  if ! pid=$(running_pid "$name"); then
    rm -f "$(pid_file "$name")"
    echo "$name: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < STOP_GRACE * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) ignored SIGTERM for ${STOP_GRACE}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name")"
  echo "$name: stopped (pid $pid)"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

require_free_port() {
  if port_open "$2"; then
    die "$1: port $HOST:$2 is already taken by another process ($(port_owner "$2")); stop it or set the port variable (see the header of $0)"
  fi
}

# The ports of a service that is not running yet, as "label port" pairs.
service_ports() {
  case $1 in
    kafka) echo "kafka $KAFKA_PORT kafka-controller $KAFKA_CONTROLLER_PORT" ;;
    influxd) echo "influxd $INFLUX_PORT influxd-rpc $INFLUX_RPC_PORT" ;;
    flink-jobmanager) echo "flink-rest $FLINK_REST_PORT flink-rpc $FLINK_RPC_PORT" ;;
    flink-taskmanager) echo "" ;;
  esac
}

# Checks the ports of every service that is not running before any starts, so a taken port
# leaves nothing half started.
require_free_ports() {
  local name label port
  for name in "${SERVICES[@]}"; do
    running_pid "$name" >/dev/null && continue
    set -- $(service_ports "$name")
    while (($# >= 2)); do
      label=$1 port=$2
      shift 2
      require_free_port "$label" "$port"
    done
  done
}

# The PRESCALE_* variables set for this run, as a prefix that repeats them for another command.
env_prefix() {
  local v out=""
  for v in PRESCALE_HOME PRESCALE_KAFKA_PORT PRESCALE_KAFKA_CONTROLLER_PORT PRESCALE_INFLUX_PORT \
    PRESCALE_INFLUX_RPC_PORT PRESCALE_FLINK_REST_PORT PRESCALE_FLINK_RPC_PORT; do
    [[ -n ${!v:-} ]] && out+="$v=${!v} "
  done
  printf '%s' "$out"
}

port_owner() {
  if command -v ss >/dev/null; then
    ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'users:.*' | head -n 1 || true
  fi
}

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null || true; }

# Polls "$@" until it succeeds; fails early, with the log's tail, if the service's process dies.
await() {
  local name=$1
  shift
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$@"; do
    if ! running_pid "$name" >/dev/null; then
      tail -n 30 "$(log_file "$name")" "$(main_log "$name")" >&2 2>/dev/null || true
      die "$name exited during start-up; log: $(main_log "$name")"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$(main_log "$name")" >&2 || true
      die "$name not ready after ${START_TIMEOUT}s; log: $(main_log "$name")"
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# classpath: the cli module's runtime dependencies, as Maven resolved them

mvnw() { (cd "$REPO" && ./mvnw -B -q "$@"); }

# Offline first, as the build machines are; online only if something is missing locally. The
# offline attempt's complaints about what is missing are not shown: the online one says what fails.
mvnw_offline_first() { mvnw -o "$@" >/dev/null 2>&1 || mvnw "$@"; }

classpath() {
  local file=$WORK/classpath.txt
  if [[ ! -s $file || $REPO/pom.xml -nt $file || $REPO/infra/services/pom.xml -nt $file ]]; then
    log "resolving the Kafka and Flink classpath with Maven (infra/services/pom.xml)"
    mkdir -p "$WORK"
    # a pom of its own, without prescale modules: resolvable before the project is built;
    # jobs bring prescale's code in the jar they submit
    mvnw_offline_first -f infra/services/pom.xml dependency:build-classpath \
      -Dmdep.outputFile="$file" -Dmdep.includeScope=runtime >&2 ||
      die "Maven could not resolve infra/services/pom.xml (Kafka and Flink jars)"
  fi
  cat "$file"
}

# ---------------------------------------------------------------------------------------------
# Kafka

kafka_config() {
  local dir=$WORK/kafka
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
# generated by infra/local.sh; edits are overwritten on the next "up"
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Flink's KafkaSink asks for one-hour transactions by default
transaction.max.timeout.ms=3600000
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=$KAFKA_AUTO_CREATE
EOF
  cat >"$dir/log4j2.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = stdout
appender.stdout.name = stdout
appender.stdout.type = Console
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
EOF
}

kafka_start() {
  local dir=$WORK/kafka cp=$1
  kafka_config
  local java_opts=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$dir/log4j2.properties" "-Dkafka.logs.dir=$dir")
  if [[ ! -f $dir/data/meta.properties ]]; then
    local cluster_id
    cluster_id=$("$JAVA" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    log "kafka: formatting storage for cluster $cluster_id"
    "$JAVA" "${java_opts[@]}" -cp "$cp" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$dir/server.properties" >>"$(log_file kafka)" 2>&1 ||
      die "kafka storage format failed; log: $(log_file kafka)"
  fi
  launch kafka "$JAVA" "${java_opts[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties"
}

# The log is appended across runs: only the lines since the last start marker count.
kafka_ready() {
  port_open "$KAFKA_PORT" &&
    awk '/^===== .*: starting kafka$/ { ok = 0 } /Kafka Server started/ { ok = 1 } END { exit !ok }' \
      "$(log_file kafka)"
}

kafka_healthy() { port_open "$KAFKA_PORT"; }

# ---------------------------------------------------------------------------------------------
# InfluxDB

influxd_binary() {
  if command -v influxd >/dev/null; then
    command -v influxd
  elif [[ -x /usr/bin/influxd ]]; then
    echo /usr/bin/influxd
  else
    return 1
  fi
}

install_influxd() {
  log "influxd not found: trying $REPO/infra/install-test-deps.sh"
  "$REPO/infra/install-test-deps.sh" >&2 ||
    die "influxd (InfluxDB 1.x) is not installed. Install it with 'sudo apt-get install influxdb' (Debian/Ubuntu) or from https://portal.influxdata.com/downloads/ (1.x), then run '$0 up' again"
}

influxd_start() {
  local dir=$WORK/influxdb binary
  binary=$(influxd_binary) || {
    install_influxd
    binary=$(influxd_binary) || die "influxd still not found after installing influxdb"
  }
  mkdir -p "$dir"
  cat >"$dir/influxdb.conf" <<EOF
# generated by infra/local.sh; edits are overwritten on the next "up"
reporting-disabled = true
reporting-enabled = false
bind-address = "$HOST:$INFLUX_RPC_PORT"

[meta]
  dir = "$dir/meta"

[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  bind-address = "$HOST:$INFLUX_PORT"
  log-enabled = false
EOF
  launch influxd "$binary" run -config "$dir/influxdb.conf"
}

influxd_ready() { [[ $(http_status "http://$HOST:$INFLUX_PORT/ping") == 204 ]]; }
influxd_healthy() { influxd_ready; }

# ---------------------------------------------------------------------------------------------
# Flink

flink_config() {
  local dir=$WORK/flink
  mkdir -p "$dir/conf" "$dir/log" "$dir/tmp" "$dir/upload" "$dir/blob"
  cat >"$dir/conf/config.yaml" <<EOF
# generated by infra/local.sh; edits are overwritten on the next "up"
jobmanager.rpc.address: $HOST
jobmanager.rpc.port: $FLINK_RPC_PORT
jobmanager.bind-host: $HOST
jobmanager.memory.process.size: 1024m
taskmanager.host: $HOST
taskmanager.bind-host: $HOST
taskmanager.memory.process.size: 1536m
taskmanager.numberOfTaskSlots: 2
parallelism.default: 1
rest.address: $HOST
rest.bind-address: $HOST
rest.port: $FLINK_REST_PORT
web.submit.enable: true
web.upload.dir: $dir/upload
blob.storage.directory: $dir/blob
io.tmp.dirs: $dir/tmp
execution.checkpointing.dir: file://$dir/checkpoints
execution.checkpointing.savepoint-dir: file://$dir/savepoints
# a cancelled job's last checkpoint stays, to start again from (README, "Upgrading or restarting")
execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION
EOF
  cat >"$dir/conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.name = file
appender.file.type = File
appender.file.fileName = ${sys:log.file}
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.netty.name = org.apache.flink.shaded.netty4.io.netty.util.ResourceLeakDetector
logger.netty.level = OFF
EOF
}

# JVM memory flags and -D overrides for a Flink process, computed from config.yaml by Flink's
# own BashJavaUtils exactly as the distribution's scripts do; prints two lines.
flink_resource_params() {
  local command=$1 cp=$2 output
  output=$("$JAVA" -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$command" \
    --configDir "$WORK/flink/conf" 2>&1) || die "BashJavaUtils $command failed: $output"
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$output" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

flink_start_process() {
  local name=$1 main_class=$2 params_command=$3 cp=$4 dir=$WORK/flink params jvm dynamic
  params=$(flink_resource_params "$params_command" "$cp")
  jvm=$(sed -n 1p <<<"$params")
  dynamic=$(sed -n 2p <<<"$params")
  # word splitting of $jvm and $dynamic is intended: they are flag lists without spaces in values
  # shellcheck disable=SC2086
  launch "$name" "$JAVA" $jvm "${FLINK_JAVA_OPTS[@]}" -XX:+UseG1GC \
    "-Dlog.file=$dir/log/$name.log" "-Dlog4j.configurationFile=file:$dir/conf/log4j.properties" \
    -cp "$cp" "$main_class" --configDir "$dir/conf" $dynamic
}

flink_jobmanager_start() {
  flink_config
  flink_start_process flink-jobmanager \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS "$1"
}

flink_taskmanager_start() {
  flink_start_process flink-taskmanager \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS "$1"
}

flink_overview() { curl -s --max-time 2 "http://$HOST:$FLINK_REST_PORT/overview" 2>/dev/null; }
flink_taskmanagers() { flink_overview | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'; }
flink-jobmanager_ready() { [[ $(http_status "http://$HOST:$FLINK_REST_PORT/overview") == 200 ]]; }
flink-jobmanager_healthy() { flink-jobmanager_ready; }
flink-taskmanager_ready() { [[ $(flink_taskmanagers) -ge 1 ]] 2>/dev/null; }
flink-taskmanager_healthy() { flink-taskmanager_ready; }

# ---------------------------------------------------------------------------------------------
# the job's topics

# The names, partitions and compaction are the CLI's (InfraCommand.TOPICS), not repeated here.
create_topics() {
  log "kafka: creating the job's missing topics (prescale infra topics)"
  "$REPO/prescale" infra topics --bootstrap "$HOST:$KAFKA_PORT" ||
    die "could not create the job's Kafka topics at $HOST:$KAFKA_PORT (see above); the services are up: run '$REPO/prescale infra topics --bootstrap $HOST:$KAFKA_PORT' again"
}

# ---------------------------------------------------------------------------------------------
# commands

endpoint() {
  case $1 in
    kafka) echo "$HOST:$KAFKA_PORT" ;;
    influxd) echo "http://$HOST:$INFLUX_PORT" ;;
    flink-jobmanager) echo "http://$HOST:$FLINK_REST_PORT" ;;
    flink-taskmanager) echo "2 slots via $HOST:$FLINK_RPC_PORT" ;;
  esac
}

up() {
  local cp="" name pid
  mkdir -p "$WORK"
  require_free_ports
  for name in "${SERVICES[@]}"; do
    if pid=$(running_pid "$name"); then
      log "$name already running (pid $pid)"
    else
      [[ $name == influxd || -n $cp ]] || cp=$(classpath)
      log "starting $name"
      case $name in
        kafka) kafka_start "$cp" ;;
        influxd) influxd_start ;;
        flink-jobmanager) flink_jobmanager_start "$cp" ;;
        flink-taskmanager) flink_taskmanager_start "$cp" ;;
      esac
    fi
    await "$name" "${name}_ready"
    log "$name ready (pid $(running_pid "$name"))"
  done
  create_topics
  cat <<EOF

prescale local services are up (work dir $WORK):
  Kafka bootstrap   $(endpoint kafka)
  InfluxDB          $(endpoint influxd)
  Flink REST / UI   $(endpoint flink-jobmanager)
Stop them with: $(env_prefix)$REPO/prescale infra down
EOF
}

status() {
  local name pid healthy=0
  printf '%-18s %-9s %-8s %-8s %s\n' SERVICE STATE PID HEALTH ENDPOINT
  for name in "${SERVICES[@]}"; do
    if pid=$(running_pid "$name"); then
      local health=down
      "${name}_healthy" && health=ok
      [[ $health == ok ]] || healthy=1
      printf '%-18s %-9s %-8s %-8s %s\n' "$name" running "$pid" "$health" "$(endpoint "$name")"
    else
      healthy=1
      printf '%-18s %-9s %-8s %-8s %s\n' "$name" stopped - - "$(endpoint "$name")"
    fi
  done
  echo "work dir: $WORK"
  return $healthy
}

down() {
  local i name any=false
  for name in "${SERVICES[@]}"; do
    running_pid "$name" >/dev/null && any=true
  done
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    stop_service "${SERVICES[i]}"
  done
  if ! $any; then
    echo "nothing of prescale's runs under $WORK: services started with another PRESCALE_HOME" \
      "(or its port variables) are stopped with the same variables, as 'up' printed"
  fi
  echo "data and logs kept in $WORK (delete it to start from scratch)"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  *)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
