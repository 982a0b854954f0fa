#!/bin/sh
# GitHub Action entry point: turns the action's inputs into a rollgate command line and passes the
# exit code through unchanged (the same codes as the CLI).
#
# Each command gets the inputs it has a use for, in the form it takes them (demo takes the pipeline
# as --pipeline FILE, the others as their first argument). An input the command has no use for, or
# a missing pipeline, is bad input (exit 2) said in the Action's words before Java starts, rather
# than an "Unknown option" about a flag the workflow never wrote.
#
# ROLLGATE_JAR and ROLLGATE_JAVA (the java binary) can be overridden, so the script can be run
# against a freshly built jar (see EntrypointIT).
set -u
cmd="${ROLLGATE_COMMAND:-run}"
jar="${ROLLGATE_JAR:-/opt/rollgate/rollgate.jar}"
java="${ROLLGATE_JAVA:-java}"
report="${RUNNER_TEMP:-/tmp}/rollgate-report.json"
pipeline="${ROLLGATE_PIPELINE:-}"
stage="${ROLLGATE_STAGE:-}"
vars="${ROLLGATE_SET:-}"
kc=""

# What each command takes; an unknown command goes to rollgate as it is, which names the nearest.
case "$cmd" in
  run) takes="pipeline stage set kubeconfig report" needs=pipeline ;;
  status|promote|abort) takes="pipeline set kubeconfig report" needs=pipeline ;;
  resume) takes="pipeline kubeconfig report" needs="" ;; # PIPELINE... or --all in args
  validate) takes="pipeline set" needs=pipeline ;;
  analyze) takes="pipeline set report" needs=pipeline ;;
  demo) takes="pipeline set report" needs="" ;;
  *) takes="" needs="" ;;
esac

takes() {
  case " $takes " in *" $1 "*) return 0 ;; esac
  return 1
}

outputs() { # the exit code and, when one was asked for, where the report is
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "exit-code=$1" >> "$GITHUB_OUTPUT"
    if [ -n "$2" ]; then
      echo "report=$2" >> "$GITHUB_OUTPUT"
    fi
  fi
}

refuse() {
  echo "error: $1 (rollgate action, command '$cmd'); nothing was run" >&2
  outputs 2 ""
  exit 2
}

known=true
[ -z "$takes" ] && known=false
if $known; then
  if [ -n "$pipeline" ] && ! takes pipeline; then
    refuse "input 'pipeline' is not used by this command"
  fi
  if [ -z "$pipeline" ] && [ "$needs" = pipeline ]; then
    refuse "input 'pipeline' is required: the path of the pipeline file"
  fi
  # 'stage' always arrives (its default is all): only another value is a choice the user made
  if [ -n "$stage" ] && [ "$stage" != all ] && ! takes stage; then
    refuse "input 'stage' is only used by command run, was '$stage'"
  fi
  if [ -n "$(printf '%s' "$vars" | tr -d ' \t\r\n')" ] && ! takes set; then
    refuse "input 'set' is not used by this command"
  fi
  if [ -n "${ROLLGATE_KUBECONFIG:-}" ] && ! takes kubeconfig; then
    case "$cmd" in
      demo) why="demo runs its own sandbox cluster" ;;
      *) why="it reads no cluster" ;;
    esac
    refuse "input 'kubeconfig' is not used by this command: $why"
  fi
fi

set -- "$cmd"
if [ -n "$pipeline" ]; then
  if [ "$cmd" = demo ]; then
    set -- "$@" --pipeline "$pipeline"
  else
    set -- "$@" "$pipeline"
  fi
fi
if [ -n "$stage" ] && takes stage; then
  set -- "$@" --stage "$stage"
fi
if [ -n "${ROLLGATE_KUBECONFIG:-}" ] && takes kubeconfig; then
  umask 077
  kc="$(mktemp)"
  trap 'rm -f "$kc"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  printf '%s\n' "$ROLLGATE_KUBECONFIG" > "$kc"
  set -- "$@" --kubeconfig "$kc"
fi
unset ROLLGATE_KUBECONFIG
if [ -n "$vars" ] && takes set; then
  while IFS= read -r line; do
    line="$(printf '%s' "$line" | tr -d '\r')"
    [ -n "$line" ] && set -- "$@" --set "$line"
  done <<EOS
$vars
EOS
fi
reported=""
if takes report; then
  set -- "$@" --report "$report"
  reported="$report"
fi

set -- -jar "$jar" "$@"
archive="$(dirname "$jar")/app.jsa" # AppCDS: written by the image's training run
if [ -f "$archive" ]; then
  set -- "-XX:SharedArchiveFile=$archive" -Xshare:auto "$@"
fi
set -f # extra args are split on whitespace on purpose, never expanded as file patterns
# shellcheck disable=SC2086
"$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "$@" ${ROLLGATE_ARGS:-}
code=$?
set +f
outputs "$code" "$reported"
exit $code
