#!/usr/bin/env bash
# Benchmark of the analysis (not a test): one tick of 5 metrics x 2 tracks against a local
# Prometheus (concurrent; target <= 1.2x the slowest single query) and `analyze` over 24 h at 30 s
# steps (target <= 2 s), in-process and as `java -jar target/rollgate.jar analyze` (JVM start
# included). Needs prometheus and promtool on the PATH. Usage: bench/analysis.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o package -DskipTests
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.rollgate.analysis.AnalysisBench "${1:-15}" target/rollgate.jar
