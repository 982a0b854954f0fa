#!/usr/bin/env bash
# Benchmark for the staging flow (the numbers go into the issue note; this is not a test).
#  - `rollgate validate` on a generated 50-object pipeline: cold JVM, median of 5
#  - `rollgate run --stage staging` on it against a sandbox cluster kept running in another JVM
#    (fresh namespace each run, so every run creates 50 objects and waits on 10 rollouts): median of 5
#  - JVM start to the first API call, from the run's report (process start -> first apply action)
# each on the default JVM, with an AppCDS archive, and with AppCDS + C1 only.
# Usage: bench/staging.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
out=bench/out/staging; rm -rf "$out"; mkdir -p "$out/pipeline/manifests"
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$out/cp.txt" >/dev/null

# 50 objects: 10 Deployments (2 replicas), 10 Services, 20 ConfigMaps, 10 Secrets
for i in $(seq -w 1 10); do
  cat > "$out/pipeline/manifests/app$i.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: app$i, labels: {app: app$i}}
spec:
  replicas: 2
  selector: {matchLabels: {app: app$i}}
  template:
    metadata: {labels: {app: app$i}}
    spec:
      containers:
        - {name: app, image: "\${IMAGE}", ports: [{name: http, containerPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: app$i}
spec: {selector: {app: app$i}, ports: [{port: 8080, targetPort: http}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app$i-config}
data: {LOG_LEVEL: info}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app$i-flags}
data: {FEATURE_X: "on"}
---
apiVersion: v1
kind: Secret
metadata: {name: app$i-secret}
stringData: {token: not-a-real-secret}
YAML
done
cat > "$out/pipeline/bench.yaml" <<'YAML'
apiVersion: rollgate.io/v1alpha1
kind: Pipeline
metadata: {name: bench}
spec:
  vars: {IMAGE: ghcr.io/acme/app:1.0.0}
  staging:
    namespace: bench
    manifests: [manifests]
    rollout: {timeout: 2m}
    smoke:
      - name: health
        url: ${APP_URL}/health
        expect: {status: 200, bodyContains: ok}
YAML

# the sandbox cluster, in its own JVM, until we close its standard input
mkfifo "$out/stdin"
java -cp "target/test-classes:target/classes:$(cat "$out/cp.txt")" io.rollgate.bench.SandboxServerMain "$out" \
  < "$out/stdin" > "$out/sandbox.log" 2>&1 &
exec 3> "$out/stdin"
trap 'exec 3>&-; wait' EXIT
for _ in $(seq 1 300); do [ -f "$out/ready" ] && break; sleep 0.1; done
app_url=$(cat "$out/app-url"); app_url=${app_url%/}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now_ms() { date +%s%3N; }
first_call_ms() {
  python3 - "$1" <<'PY'
import json, sys, datetime
r = json.load(open(sys.argv[1]))
def parse(t):  # 2026-11-22T04:26:33.970123456Z -> microseconds are enough
    t = t.rstrip("Z")
    if "." in t:
        head, frac = t.split(".")
        t = head + "." + (frac + "000000")[:6]
    return datetime.datetime.fromisoformat(t)
start = parse(r["process"]["jvmStartedAt"])
first = min(parse(a["startedAt"]) for a in r["actions"])
print(int((first - start).total_seconds() * 1000))
PY
}

n=0
run_set() { # $1 label, rest: extra JVM flags
  local label=$1; shift
  local v=() r=() s=()
  for i in 1 2 3 4 5; do
    n=$((n + 1))
    t0=$(now_ms); java "$@" -jar target/rollgate.jar validate "$out/pipeline/bench.yaml" --set APP_URL="$app_url" >/dev/null; t1=$(now_ms)
    v+=($((t1 - t0)))
    t0=$(now_ms)
    java "$@" -jar target/rollgate.jar run "$out/pipeline/bench.yaml" --stage staging --kubeconfig "$out/kubeconfig" \
      --namespace "bench-$n" --set APP_URL="$app_url" --report "$out/report-$n.json" >/dev/null
    t1=$(now_ms)
    r+=($((t1 - t0)))
    s+=($(first_call_ms "$out/report-$n.json"))
  done
  printf '%-18s validate %5s ms | run --stage staging %5s ms | JVM start -> first API call %5s ms\n' \
    "$label" "$(printf '%s\n' "${v[@]}" | median)" "$(printf '%s\n' "${r[@]}" | median)" "$(printf '%s\n' "${s[@]}" | median)"
}

echo "50 objects (10 Deployments x 2 replicas), cold JVM each run, median of 5; $(java -version 2>&1 | head -1); load $(cut -d' ' -f1 /proc/loadavg)"
run_set "default JVM"
java -XX:ArchiveClassesAtExit="$out/app.jsa" -jar target/rollgate.jar run "$out/pipeline/bench.yaml" --stage staging \
  --kubeconfig "$out/kubeconfig" --namespace bench-train --set APP_URL="$app_url" >/dev/null 2>&1
run_set "AppCDS" -XX:SharedArchiveFile="$out/app.jsa"
run_set "AppCDS + C1 only" -XX:SharedArchiveFile="$out/app.jsa" -XX:TieredStopAtLevel=1
