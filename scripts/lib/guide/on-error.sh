#!/usr/bin/env bash
# Sourced by bash before each step's snippet (the runner sets BASH_ENV to this
# file): every command that fails is appended to GUIDE_ERROR_FILE as
# "<exit code> <file>:<line> <command>", followed, for a failure inside a
# function, by " @ <file>:<line>" of the call in the snippet itself, so the
# runner's message can name the first. Functions and command substitutions
# inherit the trap (errtrace), and the innermost failure is written first.

# zx starts a step as `bash -c "…; bash <snippet>"`: that outer shell only hands this file on to
# the snippet's own shell, which records.
if [[ -n "${BASH_EXECUTION_STRING:-}" ]]; then
  return 0
fi
# A bash the snippet starts in turn (a tool's wrapper script) does not load it again.
unset BASH_ENV
set -o errtrace
guide_on_error() {
  local rc=$1 line=$2 depth=${#BASH_SOURCE[@]} where=""
  # Called from the trap: frame 0 is this function, frame 1 the failing command's.
  if ((depth > 2)); then where=" @ ${BASH_SOURCE[depth - 1]}:${BASH_LINENO[depth - 2]}"; fi
  echo "$rc ${BASH_SOURCE[1]:-?}:$line ${BASH_COMMAND//$'\n'/ }$where" >> "${GUIDE_ERROR_FILE:-/dev/null}"
}
trap 'guide_on_error "$?" "$LINENO"' ERR
