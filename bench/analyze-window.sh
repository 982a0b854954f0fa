#!/usr/bin/env bash
# Benchmark of `rollgate analyze` over long windows (not a test): wall time, peak RSS and lines
# printed of `java -jar JAR analyze` against a real, local Prometheus, for
#  - nodata: the checkout analysis (test-fixtures/metrics/checkout-analysis.yaml) over a window where
#    Prometheus has no data, so the analysis is inconclusive at interval #1 (the case of issue 7);
#  - passing: two metrics Prometheus answers at every step (vector(...)), so every interval
#    passes and the analysis would promote at the end of the window.
# Each case runs over WINDOW at a 30 s step (default 365d: 1,051,200 intervals).
# Needs prometheus on the PATH and GNU time at /usr/bin/time.
# JAVA_OPTS (e.g. -Xmx64m) is passed to java: a small heap that still suffices shows the memory
# is flat in the window's length.
# Usage: bench/analyze-window.sh [WINDOW] [JAR...]   (default JAR: target/rollgate.jar, built here)
set -euo pipefail
cd "$(dirname "$0")/.."
window="${1:-365d}"
shift || true
if [ "$#" -eq 0 ]; then
  mvn -q -B -o package -DskipTests
  set -- target/rollgate.jar
fi
out=bench/out/analyze-window
rm -rf "$out"
mkdir -p "$out/tsdb"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'global: {scrape_interval: 1h}\nscrape_configs: []\n' > "$out/prometheus.yml"
prometheus --config.file="$out/prometheus.yml" --storage.tsdb.path="$out/tsdb" \
  --web.listen-address="127.0.0.1:$port" --log.level=warn >"$out/prometheus.log" 2>&1 &
prom=$!
trap 'kill $prom 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break
  sleep 0.1
done

cat > "$out/passing.yaml" <<'EOF'
apiVersion: rollgate.io/v1alpha1
kind: Pipeline
metadata: {name: bench}
spec:
  vars: {IMAGE: ghcr.io/acme/checkout:1.4.2}
  production:
    namespace: checkout
    manifests: [../../../test-fixtures/manifests/checkout]
    canary:
      target: {kind: Deployment, name: checkout}
      steps: [{setWeight: 10}, {analysis: {duration: 5m}}]
      analysis:
        interval: 30s
        prometheus: {address: "${PROMETHEUS_ADDRESS}", timeout: 30s}
        metrics:
          - {name: error-rate, query: 'vector(0.001)', max: 0.01}
          - {name: p99-latency, query: 'vector(0.12)', max: 0.5}
EOF

to=$(( 1767225600 + $(python3 -c "
import re,sys
w='$window'; n=int(re.match(r'\d+',w).group()); u=w[len(str(n)):]
print(n*{'s':1,'m':60,'h':3600,'d':86400}[u])") ))
echo "window: $window at a 30 s step ($(( (to - 1767225600) / 30 )) intervals), Prometheus 127.0.0.1:$port"
printf '%-28s %-8s %10s %12s %12s %5s\n' jar case wall_s peak_rss_mb lines exit
for jar in "$@"; do
  for case in nodata passing; do
    pipeline=test-fixtures/metrics/checkout-analysis.yaml
    [ "$case" = passing ] && pipeline="$out/passing.yaml"
    extra=()
    if java -jar "$jar" analyze --help 2>/dev/null | grep -q -- --max-intervals; then
      extra=(--max-intervals 2000000)
    fi
    set +e
    PROMETHEUS_ADDRESS="http://127.0.0.1:$port" /usr/bin/time -f '%e %M' -o "$out/time" \
      java ${JAVA_OPTS:-} -jar "$jar" analyze "$pipeline" --from 1767225600 --to "$to" "${extra[@]}" \
      >"$out/stdout" 2>"$out/stderr"
    code=$?
    set -e
    read -r wall rss < <(tail -1 "$out/time")
    printf '%-28s %-8s %10s %12d %12d %5d\n' "$(basename "$jar")" "$case" "$wall" \
      $(( rss / 1024 )) "$(wc -l < "$out/stdout")" "$code"
  done
done
