#!/usr/bin/env bash
# Benchmark for the sandbox's metrics (the numbers go into the issue note; this is not a test):
#  - the sandbox's Prometheus (the `prometheus` binary on PATH): launch to /-/ready, ready to the
#    first scrape visible in a query, close (stop + delete its data); 5 runs each
#  - a -faulty canary pod on the sandbox cluster: from its Ready condition to the demo pipeline's
#    error-rate query answering above its max through that Prometheus, and the slowest scrape of
#    the exporter meanwhile; 5 runs
# Usage: bench/metrics.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o package -DskipTests   # the shaded jar carries every dependency the bench needs
out=bench/out/metrics; rm -rf "$out"; mkdir -p "$out"
java -cp "target/test-classes:target/rollgate.jar" \
  io.rollgate.sandbox.SandboxMetricsBench "${1:-5}" | tee "$out/results.txt"
