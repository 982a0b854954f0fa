#!/usr/bin/env bash
# Benchmark of the analysis (not a test): one tick of 5 metrics x 2 tracks against a local
# Prometheus (concurrent; target <= 1.2x the slowest single query) and `analyze` over 24 h at 30 s
# steps (target <= 2 s). Needs prometheus and promtool on the PATH. Usage: bench/analysis.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.rollgate.analysis.AnalysisBench "${1:-15}"
