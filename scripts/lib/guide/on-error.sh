#!/usr/bin/env bash
# Sourced by bash before each step's snippet (the runner sets BASH_ENV to this
# file): every command that fails is appended to GUIDE_ERROR_FILE as
# "<exit code> <file>:<line> <command>", so the runner's message can name the
# first. Functions and command substitutions inherit the trap (errtrace), and
# the innermost failure is written first.
# Only the step's own shell records: a bash the snippet starts (a tool's wrapper script) does not
# load this file again.
unset BASH_ENV
set -o errtrace
trap 'echo "$? ${BASH_SOURCE[0]:-?}:${LINENO} ${BASH_COMMAND//$'"'"'\n'"'"'/ }" >> "${GUIDE_ERROR_FILE:-/dev/null}"' ERR
