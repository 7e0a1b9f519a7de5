#!/usr/bin/env bash
# Where the streaming job's CPU goes: runs JobThreadCpu (the full job or the pass-through, a few
# rounds on the Azure trace) under async-profiler (CPU samples every 1 ms, per thread), then
# summarises the profile by thread and, for the threads named by the third argument, by frame.
#
#   benchmarks/profile-job.sh [full|pass] [ROUNDS] [THREAD_TEXT]
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler); the profile is written
# to benchmarks/target/profile-<job>.collapsed. Linux x64 or arm64 only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

job="${1:-full}"
rounds="${2:-4}"
thread="${3:-forecast}"
version=4.1
case "$job" in full|pass) ;; *) echo "profile-job.sh: job must be full or pass, was '$job'" >&2; exit 2 ;; esac
case "$rounds" in ''|*[!0-9]*) echo "profile-job.sh: ROUNDS must be a positive integer, was '$rounds'" >&2; exit 2 ;; esac
case "$(uname -m)" in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) echo "profile-job.sh: async-profiler's jar has no library for $(uname -s) $(uname -m)" >&2; exit 2 ;;
esac

dir=benchmarks/target/async-profiler
lib="$dir/$platform/libasyncProfiler.so"
if [ ! -f "$lib" ]; then
  echo "profile-job.sh: fetching async-profiler $version from Maven Central..." >&2
  ./mvnw -q dependency:copy -Dartifact="tools.profiler:async-profiler:$version" -DoutputDirectory="$dir"
  (cd "$dir" && unzip -qo "async-profiler-$version.jar" "$platform/*")
fi

./mvnw -q -pl benchmarks -am compile dependency:build-classpath \
  -Dmdep.outputFile="$here/benchmarks/target/classpath.txt" -Dspotless.check.skip=true
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
out="benchmarks/target/profile-$job.collapsed"
java "-agentpath:$lib=start,event=itimer,interval=1ms,threads,collapsed,file=$out" \
  -Xms4g -Xmx4g --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  -cp "$cp" io.prescale.benchmarks.job.JobThreadCpu ../shared/data/azure-vm-2017.csv.gz "$job" "$rounds" \
  2>&1 | grep -v ' INFO \| WARN '
java -cp "$cp" io.prescale.benchmarks.job.CollapsedProfile "$out" "$thread" 30
