#!/usr/bin/env bash
# Builds the Action image's Java runtime on the host, exactly as the Dockerfile does (jlink with the
# same modules), trains the AppCDS archive the same way, and runs the jar on it: the check we can do
# without a Docker engine. Prints the start-up of `validate` with and without the archive.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/rollgate.jar ] || mvn -B -q package -DskipTests
modules=$(sed -n 's/.*--add-modules \([^ ]*\).*/\1/p' Dockerfile)
out=bench/out/runtime; rm -rf "$out"; mkdir -p "$out"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --generate-cds-archive --output "$out/jre" >/dev/null
echo "runtime: $(du -sh "$out/jre" | cut -f1) ($modules)"
"$out/jre/bin/java" -XX:ArchiveClassesAtExit="$out/app.jsa" -jar target/rollgate.jar demo >/dev/null
"$out/jre/bin/java" -XX:SharedArchiveFile="$out/app.jsa" -jar target/rollgate.jar demo >/dev/null
echo "demo on the jlink runtime: ok"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_validate() {
  for i in 1 2 3 4 5; do
    s=$(date +%s%3N); "$out/jre/bin/java" "$@" -jar target/rollgate.jar validate pipelines/checkout.yaml >/dev/null; e=$(date +%s%3N)
    echo $((e - s))
  done | median
}
echo "validate, median of 5: plain $(time_validate) ms; AppCDS $(time_validate -XX:SharedArchiveFile="$out/app.jsa") ms;" \
  "AppCDS + C1 $(time_validate -XX:SharedArchiveFile="$out/app.jsa" -XX:TieredStopAtLevel=1) ms"
