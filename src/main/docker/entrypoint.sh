#!/bin/sh
# GitHub Action entry point: turns the action's inputs into a rollgate command line and passes the
# exit code through unchanged (the same codes as the CLI).
set -u
cmd="${ROLLGATE_COMMAND:-run}"
report="${RUNNER_TEMP:-/tmp}/rollgate-report.json"
set -- "$cmd"
[ -n "${ROLLGATE_PIPELINE:-}" ] && set -- "$@" "$ROLLGATE_PIPELINE"
[ "$cmd" = run ] && [ -n "${ROLLGATE_STAGE:-}" ] && set -- "$@" --stage "$ROLLGATE_STAGE"
if [ -n "${ROLLGATE_KUBECONFIG:-}" ]; then
  umask 077
  kc="$(mktemp)"
  printf '%s\n' "$ROLLGATE_KUBECONFIG" > "$kc"
  unset ROLLGATE_KUBECONFIG
  set -- "$@" --kubeconfig "$kc"
fi
if [ -n "${ROLLGATE_SET:-}" ]; then
  while IFS= read -r line; do
    [ -n "$line" ] && set -- "$@" --set "$line"
  done <<EOS
$ROLLGATE_SET
EOS
fi
case "$cmd" in run|demo|analyze|status|promote|abort|resume) set -- "$@" --report "$report" ;; esac
# shellcheck disable=SC2086 # extra args are split on purpose
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=/opt/rollgate/app.jsa -Xshare:auto \
  -jar /opt/rollgate/rollgate.jar "$@" ${ROLLGATE_ARGS:-}
code=$?
[ -n "${kc:-}" ] && rm -f "$kc"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$code" >> "$GITHUB_OUTPUT"
  echo "report=$report" >> "$GITHUB_OUTPUT"
fi
exit $code
