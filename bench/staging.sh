#!/usr/bin/env bash
# Benchmark for the staging flow (numbers go into the issue note; this is not a test).
#  - `rollgate validate` on a generated 50-object pipeline, cold JVM, median of 5
#  - `rollgate demo --pipeline` (run --stage staging against the in-process sandbox) on the same, median of 5
#  - JVM start to the first API call (from the report: process start -> first apply action)
# each without and with an AppCDS archive (-XX:SharedArchiveFile).
# Usage: bench/staging.sh            (builds the jar first when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/rollgate.jar ] || mvn -B -q package -DskipTests
out=bench/out; rm -rf "$out"; mkdir -p "$out/pipeline/manifests"

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
        service: {name: app01, port: 8080}
        path: /health
        expect: {status: 200, bodyContains: ok}
YAML

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now_ms() { date +%s%3N; }

run_set() { # $1 label, rest: extra JVM flags
  local label=$1; shift
  local v=() r=() s=()
  for i in 1 2 3 4 5; do
    t0=$(now_ms); java "$@" -jar target/rollgate.jar validate "$out/pipeline/bench.yaml" >/dev/null; t1=$(now_ms)
    v+=($((t1 - t0)))
    t0=$(now_ms)
    java "$@" -jar target/rollgate.jar demo --pipeline "$out/pipeline/bench.yaml" --report "$out/report-$i.json" >/dev/null
    t1=$(now_ms)
    r+=($((t1 - t0)))
    s+=($(python3 - "$out/report-$i.json" <<'PY'
import json, sys, datetime
r = json.load(open(sys.argv[1]))
start = datetime.datetime.fromisoformat(r["process"]["jvmStartedAt"].replace("Z", "+00:00"))
first = min(datetime.datetime.fromisoformat(a["startedAt"].replace("Z", "+00:00")) for a in r["actions"])
print(int((first - start).total_seconds() * 1000))
PY
))
  done
  printf '%-28s validate %5s ms   run --stage staging (sandbox) %5s ms   JVM start -> first API call %5s ms\n' \
    "$label" "$(printf '%s\n' "${v[@]}" | median)" "$(printf '%s\n' "${r[@]}" | median)" "$(printf '%s\n' "${s[@]}" | median)"
}

echo "50-object pipeline, cold JVM each run, median of 5 ($(java -version 2>&1 | head -1))"
run_set "default JVM"
java -XX:ArchiveClassesAtExit="$out/app.jsa" -jar target/rollgate.jar demo --pipeline "$out/pipeline/bench.yaml" >/dev/null 2>&1
run_set "AppCDS" -XX:SharedArchiveFile="$out/app.jsa"
run_set "AppCDS + C1 only" -XX:SharedArchiveFile="$out/app.jsa" -XX:TieredStopAtLevel=1
