#!/usr/bin/env bash
# Stops a job on a Flink session cluster through its REST API (the one infra/local.sh up starts,
# unless --url says otherwise) with a savepoint, and prints the savepoint's path on stdout: start
# the job again from it with infra/submit-job.sh --from-savepoint PATH (an upgraded jar, other
# options, another parallelism), its state and Kafka offsets kept.
#
# Usage: infra/stop-job.sh [options] JOB_ID
#   --savepoint DIR     where the savepoint goes [the cluster's execution.checkpointing.savepoint-dir]
#   --timeout SECONDS   give up waiting for the savepoint after this long [600]; exit code 124
#   --url URL           Flink REST endpoint [$PRESCALE_FLINK_URL, else http://127.0.0.1:$PRESCALE_FLINK_REST_PORT (8081)]
#
# Exit codes: 0 stopped (the savepoint's path on stdout), 1 failed (the job runs on when its
# savepoint failed), 2 usage, 124 timed out waiting.
set -euo pipefail
# shellcheck source=infra/flink-rest.sh
source "$(dirname "${BASH_SOURCE[0]}")/flink-rest.sh"

TARGET=""
TIMEOUT=600
POLL_INTERVAL=2

while (($# > 0)); do
  case $1 in
    --savepoint) TARGET=${2:?--savepoint needs a value}; shift 2 ;;
    --timeout) TIMEOUT=${2:?--timeout needs a value}; shift 2 ;;
    --url) URL=${2:?--url needs a value}; shift 2 ;;
    -h | --help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
(($# == 1)) || usage
JOB_ID=$1
[[ $JOB_ID =~ ^[0-9a-f]{32}$ ]] || bad_usage "invalid job id $JOB_ID (32 hexadecimal digits, as infra/submit-job.sh prints it)"
[[ $TIMEOUT =~ ^[0-9]+$ ]] || bad_usage "invalid --timeout $TIMEOUT"
URL=${URL%/}

# The body of POST /jobs/ID/stop: no drain (the job is to go on from the savepoint, so no event
# time is pushed to the end), the savepoint in TARGET when given.
stop_request() {
  local body='{"drain":false'
  [[ -z $TARGET ]] || body+=',"targetDirectory":'$(json_string "$TARGET")
  printf '%s}' "$body"
}

# Triggers the stop; the id of the request to poll.
trigger() {
  local answer request
  answer=$(call POST "/jobs/$JOB_ID/stop" -H 'Content-Type: application/json' --data-binary "$(stop_request)")
  request=$(json_field request-id <<<"$answer")
  [[ -n $request ]] || die "unexpected stop answer: $answer"
  printf '%s' "$request"
}

log "stopping $JOB_ID with a savepoint${TARGET:+ in $TARGET}"
request=$(trigger)
deadline=$((SECONDS + TIMEOUT))
while true; do
  answer=$(call GET "/jobs/$JOB_ID/savepoints/$request")
  if [[ $(json_field id <<<"$answer") == COMPLETED ]]; then
    location=$(json_field location <<<"$answer")
    if [[ -n $location ]]; then
      log "job $JOB_ID stopped; its savepoint: $location"
      echo "$location"
      exit 0
    fi
    cause=$({ grep -o '"stack-trace":"\([^"\\]\|\\.\)*' || true; } <<<"$answer" |
      sed -n '1s/^"stack-trace":"//p' | condense_trace)
    # a job just submitted or restarting: its savepoint waits for its tasks
    if ! grep -q 'Not all required tasks are currently running' <<<"$cause"; then
      printf '%s\n' "$cause" >&2
      die "the savepoint of job $JOB_ID failed (above); the job runs on"
    fi
    if [[ $(call GET "/jobs/$JOB_ID" | json_field state) == RESTARTING ]]; then
      log "job $JOB_ID is RESTARTING after a failure, and has no savepoint to take; its cause:"
      print_failure_cause "$JOB_ID"
      die "cancel it with: $(cancel_hint "$JOB_ID")"
    fi
    log "not all of its tasks run yet; trying again"
    request=""
  fi
  if ((SECONDS >= deadline)); then
    log "no savepoint of job $JOB_ID after ${TIMEOUT}s; the job runs on"
    exit 124
  fi
  sleep "$POLL_INTERVAL"
  [[ -n $request ]] || request=$(trigger)
done
