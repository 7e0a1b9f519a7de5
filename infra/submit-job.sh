#!/usr/bin/env bash
# Submits a job jar to a Flink session cluster through its REST API (the one infra/local.sh up
# starts, unless --url says otherwise) and prints the job id on stdout.
#
# Usage: infra/submit-job.sh [options] JAR [PROGRAM_ARGS...]
#   --class NAME        entry class, when the jar's manifest names none
#   --parallelism N     default parallelism of the job
#   --from-savepoint PATH
#                       start the job from this savepoint or retained checkpoint (a directory, as
#                       infra/stop-job.sh prints it), with its state and Kafka offsets
#   --allow-non-restored-state
#                       with --from-savepoint: drop state the job has no operator for (e.g. the
#                       offsets of a topic it no longer reads) instead of refusing to start
#   --wait              poll the job until it is FINISHED, FAILED or CANCELED; a job that
#                       restarts is said with why, and one that cannot restore the savepoint's
#                       state (it restarts until cancelled) ends the wait, exit code 1
#   --timeout SECONDS   give up waiting after this long [600]; exit code 124
#   --url URL           Flink REST endpoint [$PRESCALE_FLINK_URL, else http://127.0.0.1:$PRESCALE_FLINK_REST_PORT (8081)]
#
# Exit codes: 0 submitted (with --wait: FINISHED), 1 failed, 2 usage, 124 timed out waiting.
# Progress goes to stderr, so JOB=$(infra/submit-job.sh app.jar) captures just the id.
set -euo pipefail
# shellcheck source=infra/flink-rest.sh
source "$(dirname "${BASH_SOURCE[0]}")/flink-rest.sh"

ENTRY_CLASS=""
PARALLELISM=""
SAVEPOINT=""
ALLOW_NON_RESTORED=false
WAIT=false
TIMEOUT=600
POLL_INTERVAL=2

while (($# > 0)); do
  case $1 in
    --class) ENTRY_CLASS=${2:?--class needs a value}; shift 2 ;;
    --parallelism) PARALLELISM=${2:?--parallelism needs a value}; shift 2 ;;
    --from-savepoint) SAVEPOINT=${2:?--from-savepoint needs a value}; shift 2 ;;
    --allow-non-restored-state) ALLOW_NON_RESTORED=true; shift ;;
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
[[ -f $JAR ]] || bad_usage "no such jar: $JAR"
# at most Flink's largest max parallelism, 32768 (a larger one came back as Jackson's int overflow)
[[ -z $PARALLELISM || ($PARALLELISM =~ ^[1-9][0-9]{0,4}$ && $PARALLELISM -le 32768) ]] ||
  bad_usage "invalid --parallelism $PARALLELISM (1 to 32768)"
[[ $TIMEOUT =~ ^[0-9]+$ ]] || bad_usage "invalid --timeout $TIMEOUT"
[[ -n $SAVEPOINT ]] || ! $ALLOW_NON_RESTORED || bad_usage "--allow-non-restored-state needs --from-savepoint"
for arg in "$@"; do
  case $arg in
    -Dexecution.state-recovery.path=* | --execution.state-recovery.path)
      bad_usage "the savepoint to start from is not a job option: give it as --from-savepoint PATH" ;;
  esac
done
URL=${URL%/}

run_request() {
  local body='{"programArgsList":[' sep="" arg
  for arg in "$@"; do
    body+=$sep$(json_string "$arg")
    sep=,
  done
  body+=']'
  [[ -z $ENTRY_CLASS ]] || body+=',"entryClass":'$(json_string "$ENTRY_CLASS")
  [[ -z $PARALLELISM ]] || body+=',"parallelism":'$PARALLELISM
  [[ -z $SAVEPOINT ]] || body+=',"savepointPath":'$(json_string "$SAVEPOINT")
  ! $ALLOW_NON_RESTORED || body+=',"allowNonRestoredState":true'
  printf '%s}' "$body"
}

log "uploading $JAR to $URL"
upload=$(call POST /jars/upload -F "jarfile=@$JAR;type=application/x-java-archive")
uploaded=$(json_field filename <<<"$upload")
[[ -n $uploaded ]] || die "unexpected upload answer: $upload"
jar_id=${uploaded##*/}
# the job keeps its own copy (the cluster's blob server): the upload is deleted once the run call
# returns, whatever it answers, so a cluster does not collect a 65 MB jar per submission
delete_upload() {
  curl -fsS -o /dev/null -X DELETE "$URL/jars/$jar_id" 2>/dev/null || log "could not delete the uploaded $jar_id"
}
trap delete_upload EXIT

log "running $jar_id${SAVEPOINT:+ from $SAVEPOINT}"
run=$(call POST "/jars/$jar_id/run" -H 'Content-Type: application/json' --data-binary "$(run_request "$@")")
job_id=$(json_field jobid <<<"$run")
[[ -n $job_id ]] || die "unexpected run answer: $run"
echo "$job_id"
trap - EXIT
delete_upload
$WAIT || exit 0

deadline=$((SECONDS + TIMEOUT))
state=""
said_restart=false
while true; do
  state=$(call GET "/jobs/$job_id" | json_field state)
  # a job that cannot restore (state written under other settings) restarts without end under
  # the cluster's restart strategy: say why once, while it does
  if [[ $state == RESTARTING ]] && ! $said_restart; then
    cause=$(print_failure_cause "$job_id" 2>&1)
    if [[ -n $cause ]]; then
      log "job $job_id is RESTARTING after a failure and retries until cancelled ($(cancel_hint "$job_id")):"
      printf '%s\n' "$cause" >&2
      said_restart=true
      # a state that does not restore fails every retry alike: no use waiting out --timeout
      if [[ -n $SAVEPOINT && ($cause == *"Exception while creating StreamOperatorStateContext"* ||
        $cause == *StateMigrationException*) ]]; then
        if [[ $cause == *BackendBuildingException* ]]; then
          asked=hashmap
          for arg in "$@"; do
            [[ $arg != -Dstate.backend.type=* ]] || asked=${arg#*=}
          done
          other=rocksdb
          [[ ${asked,,} != rocksdb ]] || other=hashmap
          log "a retained checkpoint restores only into the state backend it was written with (a savepoint" \
            "into either), and this run's is $asked: start it with -Dstate.backend.type=$other, or switch" \
            "through a savepoint"
        fi
        log "job $job_id cannot restore $SAVEPOINT; it restarts until cancelled"
        exit 1
      fi
    fi
  fi
  case $state in
    FINISHED)
      log "job $job_id FINISHED"
      exit 0
      ;;
    FAILED | CANCELED)
      log "job $job_id $state"
      print_failure_cause "$job_id"
      exit 1
      ;;
  esac
  if ((SECONDS >= deadline)); then
    log "job $job_id still $state after ${TIMEOUT}s"
    ! $said_restart || log "its first failure is above; the latest: GET $URL/jobs/$job_id/exceptions"
    exit 124
  fi
  sleep "$POLL_INTERVAL"
done
