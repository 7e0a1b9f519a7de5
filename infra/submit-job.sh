#!/usr/bin/env bash
# Submits a job jar to a Flink session cluster through its REST API (the one infra/local.sh up
# starts, unless --url says otherwise) and prints the job id on stdout.
#
# Usage: infra/submit-job.sh [options] JAR [PROGRAM_ARGS...]
#   --class NAME        entry class, when the jar's manifest names none
#   --parallelism N     default parallelism of the job
#   --wait              poll the job until it is FINISHED, FAILED or CANCELED
#   --timeout SECONDS   give up waiting after this long [600]; exit code 124
#   --url URL           Flink REST endpoint [$PRESCALE_FLINK_URL or http://127.0.0.1:8081]
#
# Exit codes: 0 submitted (with --wait: FINISHED), 1 failed, 2 usage, 124 timed out waiting.
# Progress goes to stderr, so JOB=$(infra/submit-job.sh app.jar) captures just the id.
set -euo pipefail

URL=${PRESCALE_FLINK_URL:-http://127.0.0.1:${PRESCALE_FLINK_REST_PORT:-8081}}
ENTRY_CLASS=""
PARALLELISM=""
WAIT=false
TIMEOUT=600
POLL_INTERVAL=2

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'submit-job.sh: %s\n' "$*" >&2; exit 1; }

while (($# > 0)); do
  case $1 in
    --class) ENTRY_CLASS=${2:?--class needs a value}; shift 2 ;;
    --parallelism) PARALLELISM=${2:?--parallelism needs a value}; shift 2 ;;
    --wait) WAIT=true; shift ;;
    --timeout) TIMEOUT=${2:?--timeout needs a value}; shift 2 ;;
    --url) URL=${2:?--url needs a value}; shift 2 ;;
    -h | --help) usage ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
(($# >= 1)) || usage
JAR=$1
shift
[[ -f $JAR ]] || die "no such jar: $JAR"
[[ -z $PARALLELISM || $PARALLELISM =~ ^[1-9][0-9]*$ ]] || die "invalid --parallelism $PARALLELISM"
[[ $TIMEOUT =~ ^[0-9]+$ ]] || die "invalid --timeout $TIMEOUT"
URL=${URL%/}

json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

# The value of the first "key":"string" pair in a JSON document.
# Empty when absent; reads all its input, so no SIGPIPE can fail the pipeline under pipefail.
json_field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | sed -n "1s/^\"$1\":\"\(.*\)\"$/\1/p"; }

# Turns a JSON-escaped Java stack trace into lines, keeping the exceptions and dropping frames.
condense_trace() {
  sed 's/\\n/\n/g; s/\\t/\t/g; s/\\"/"/g' | { grep -v $'^\tat \|^\t\.\.\. ' || true; } | sed -n '1,20p'
}

# The strings of a Flink REST error answer ({"errors":["...",...]}), unescaped, one after the
# other. Plain sed rather than jq, which may not be installed; \uXXXX escapes stay as they are.
rest_errors() {
  sed -e 's/^[[:space:]]*{"errors":\["//; s/"\][[:space:]]*}[[:space:]]*$//' \
    -e 's/\([^\\]\)","/\1\n/g' \
    -e 's/\\\\/\x01/g; s/\\n/\n/g; s/\\t/\t/g; s/\\r//g; s/\\"/"/g; s/\\\//\//g; s/\x01/\\/g'
}

# What a REST error answer says went wrong. When it holds a stack trace, the message of its
# innermost cause: the job's own message, as "unknown option 'influx.urll' ...; did you mean
# 'influx.url'?" when a job's main refuses an option (Flink wraps it in four exceptions and their
# stack frames). The exception's class goes unless the message is a single word, as the
# "no.Such" of a ClassNotFoundException. Otherwise the errors without stack frames.
error_message() {
  local errors
  errors=$(rest_errors)
  if grep -q '^Caused by: ' <<<"$errors"; then
    awk '/^Caused by: /{cause = ""; on = 1} /^\t(at |\.\.\. )/{on = 0} on{cause = cause $0 "\n"}
      END{printf "%s", cause}' <<<"$errors" |
      sed '1s/^Caused by: //; 1s/^[[:alnum:]_$]\{1,\}\(\.[[:alnum:]_$]\{1,\}\)\{1,\}: \(.* .*\)$/\2/' |
      sed -n '1,20p'
  else
    { grep -v $'^\tat \|^\t\.\.\. ' <<<"$errors" || true; } | sed -n '1,20p'
  fi
}

# POST/GET helper: prints the body; fails with Flink's error message on a non-2xx status.
call() {
  local method=$1 path=$2
  shift 2
  local response status body
  response=$(curl -sS -X "$method" -H 'Expect:' -w '\n%{http_code}' "$@" "$URL$path") ||
    die "cannot reach the Flink REST API at $URL (is the cluster up? infra/local.sh status)"
  status=${response##*$'\n'}
  body=${response%$'\n'*}
  if [[ ! $status =~ ^2 ]]; then
    die "$method $path answered $status: $(error_message <<<"$body")"
  fi
  printf '%s' "$body"
}

run_request() {
  local body='{"programArgsList":[' sep="" arg
  for arg in "$@"; do
    body+=$sep$(json_string "$arg")
    sep=,
  done
  body+=']'
  [[ -z $ENTRY_CLASS ]] || body+=',"entryClass":'$(json_string "$ENTRY_CLASS")
  [[ -z $PARALLELISM ]] || body+=',"parallelism":'$PARALLELISM
  printf '%s}' "$body"
}

# The first exception of the job's history, without its stack frames: what failed and why.
print_failure_cause() {
  call GET "/jobs/$job_id/exceptions" |
    { grep -o '"stacktrace":"\([^"\\]\|\\.\)*' || true; } | sed -n '1s/^"stacktrace":"//p' |
    condense_trace >&2
}

log "uploading $JAR to $URL"
upload=$(call POST /jars/upload -F "jarfile=@$JAR;type=application/x-java-archive")
uploaded=$(json_field filename <<<"$upload")
[[ -n $uploaded ]] || die "unexpected upload answer: $upload"
jar_id=${uploaded##*/}

log "running $jar_id"
run=$(call POST "/jars/$jar_id/run" -H 'Content-Type: application/json' --data-binary "$(run_request "$@")")
job_id=$(json_field jobid <<<"$run")
[[ -n $job_id ]] || die "unexpected run answer: $run"
echo "$job_id"
$WAIT || exit 0

deadline=$((SECONDS + TIMEOUT))
state=""
while true; do
  state=$(call GET "/jobs/$job_id" | json_field state)
  case $state in
    FINISHED)
      log "job $job_id FINISHED"
      exit 0
      ;;
    FAILED | CANCELED)
      log "job $job_id $state"
      print_failure_cause
      exit 1
      ;;
  esac
  if ((SECONDS >= deadline)); then
    log "job $job_id still $state after ${TIMEOUT}s"
    exit 124
  fi
  sleep "$POLL_INTERVAL"
done
