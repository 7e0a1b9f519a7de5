# Shared by infra/submit-job.sh and infra/stop-job.sh: calls of Flink's REST API at $URL, with
# Flink's error answers turned into their message. Sourced, not run.

URL=${PRESCALE_FLINK_URL:-http://127.0.0.1:${PRESCALE_FLINK_REST_PORT:-8081}}

# The script's header comment, from its second line to "set -euo", is its usage.
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }
# A wrong command line: the reason, and where the usage is told (exit code 2).
bad_usage() { printf '%s: %s (see %s --help)\n' "${0##*/}" "$*" "$0" >&2; exit 2; }

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

# What a REST error answer says went wrong. When it holds a stack trace, the message of its first
# cause that is neither Flink's nor the JDK's wrapping of another (nor one whose message is another
# exception's, as "java.lang.RuntimeException: org.apache.flink...Exception: ..." is): the job's own
# message, as "unknown option 'influx.urll' ...; did you mean 'influx.url'?" when a job's main
# refuses an option (Flink wraps it in four exceptions and their stack frames), and not what that
# message was made from ("300 has no unit" of "option 'window.size' has a bad value: 300 has no
# unit"); Flink's own reason when it refuses a savepoint ("Cannot map checkpoint/savepoint state");
# the innermost when all are wrappers. The exception's class goes unless the message is a single
# word, as the "no.Such" of a ClassNotFoundException. Otherwise the errors without stack frames.
error_message() {
  local errors
  errors=$(rest_errors)
  if grep -q '^Caused by: ' <<<"$errors"; then
    awk '/^Caused by: /{if (!found) cause = ""; on = !found
        wrapper = $3 ~ /^(org\.apache\.flink\.|java\.util\.concurrent\.|java\.lang\.reflect\.)/ ||
          $4 ~ /^[[:alpha:]][[:alnum:]_$]*(\.[[:alnum:]_$]+)+:$/}
      /^\t(at |\.\.\. )/{if (on && !wrapper) found = 1; on = 0}
      on{cause = cause $0 "\n"}
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
    local message hint=""
    message=$(error_message <<<"$body")
    # Flink names its own CLI's flag; submit-job.sh has its own, and the likely cause
    if [[ $message == *"Cannot map checkpoint/savepoint state"* ]]; then
      hint=$'\n'"(submit-job.sh: --allow-non-restored-state drops that state. A savepoint of a prescale from before"
      hint+=" December 5, 2026, whose sinks had no uids, needs it once; a changed topics.* option too: README,"
      hint+=" \"Upgrading or restarting a job on a cluster\"; or the savepoint is another job's, the scaling job's"
      hint+=" and the actuator's do not mix, and the flag would drop all of it)"
    elif [[ $message == *"Cannot find meta data file '_metadata'"* ]]; then
      hint=$'\n'"(submit-job.sh: give a savepoint's directory, as stop-job.sh prints it, or one chk-<n> directory of a"
      hint+=" retained checkpoint, not the job's checkpoint directory above them; the newest chk-<n> of a running"
      hint+=" job can be in progress, without its _metadata yet)"
    fi
    die "$method $path answered $status: $message$hint"
  fi
  printf '%s' "$body"
}

# The first exception of job $1's history, without its stack frames: what failed and why.
print_failure_cause() {
  call GET "/jobs/$1/exceptions" |
    { grep -o '"stacktrace":"\([^"\\]\|\\.\)*' || true; } | sed -n '1s/^"stacktrace":"//p' |
    condense_trace >&2
}

# The REST call that cancels job $1, for a job that restarts without end.
cancel_hint() { printf "curl -X PATCH '%s/jobs/%s?mode=cancel'" "$URL" "$1"; }
