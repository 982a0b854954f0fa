#!/usr/bin/env bash
# Benchmark for the production canary (the numbers go into the issue note; this is not a test):
#  - `rollgate resume --all` as a cold process over 100 in-flight canaries in a sandbox kept in
#    another JVM (each has a measurement due): wall time and peak RSS; targets 10 s, 300 MB
#  - `rollgate status` as a cold process: median of 5; target 1 s (plain JVM, and with AppCDS)
#  - from the failing measurement's answer to all traffic on stable (canary at 0 replicas),
#    in-process: median of 5; target 1 s beyond the query
# Usage: bench/canary.sh [CANARIES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
mvn -B -q -o package -DskipTests   # the shaded jar carries every dependency the bench needs
out=bench/out/canary; rm -rf "$out"; mkdir -p "$out"
# the bench classes wait with Awaitility (a test dependency; the shaded jar has the rest)
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
awaitility=$(ls "$m2"/org/awaitility/awaitility/*/awaitility-*.jar | grep -v sources | head -1)
hamcrest=$(ls "$m2"/org/hamcrest/hamcrest/*/hamcrest-*.jar | grep -v sources | head -1)
cp="target/test-classes:target/rollgate.jar:$awaitility:$hamcrest"

mkfifo "$out/stdin"
java -cp "$cp" io.rollgate.bench.CanaryBench serve "$out" "$n" < "$out/stdin" > "$out/sandbox.log" 2>&1 &
exec 3> "$out/stdin"
trap 'exec 3>&-; wait' EXIT
for _ in $(seq 1 3000); do [ -f "$out/ready" ] && break; sleep 0.1; done
[ -f "$out/ready" ] || { cat "$out/sandbox.log"; exit 1; }
cat "$out/sandbox.log"
sleep 6   # every canary's next measurement (5 s interval) falls due

/usr/bin/time -v java -jar target/rollgate.jar resume --all --kubeconfig "$out/kubeconfig" \
  > "$out/resume.txt" 2> "$out/resume-time.txt" || true
echo "resume --all over $n: $(grep -c 'in flight and healthy' "$out/resume.txt") in flight and healthy after acting"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$out/resume-time.txt"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now_ms() { date +%s%3N; }
java -XX:ArchiveClassesAtExit="$out/rollgate.jsa" -jar target/rollgate.jar status p1 -n team-1 --kubeconfig "$out/kubeconfig" > /dev/null 2>&1
for flags in "" "-XX:SharedArchiveFile=$out/rollgate.jsa" "-XX:SharedArchiveFile=$out/rollgate.jsa -XX:TieredStopAtLevel=1"; do
  for _ in 1 2 3 4 5; do
    s=$(now_ms); java $flags -jar target/rollgate.jar status p1 -n team-1 --kubeconfig "$out/kubeconfig" > "$out/status.txt"; e=$(now_ms)
    echo $((e - s))
  done | median | xargs -I{} echo "status cold (${flags:-default JVM}): {} ms median of 5"
done
head -3 "$out/status.txt"

java -cp "$cp" io.rollgate.bench.CanaryBench rollback 5
