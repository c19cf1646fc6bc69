#!/usr/bin/env bash
# Run inside a started workspace (the guide's smoke-test step does): every
# language and tool the toolchain declares answers with the declared version.
set -euo pipefail
export PATH="${HOME}/.local/bin:${HOME}/.local/go/bin:${HOME}/.local/node/bin:${PATH}"

: "${TOOLCHAIN_GO_VERSION:?}" "${TOOLCHAIN_NODE_VERSION:?}" "${TOOLCHAIN_TERRAFORM_VERSION:?}"
failures=0
expect() { # name command pattern
  local out
  if ! out="$(eval "$2" 2>&1)"; then echo "FAIL $1: '$2' did not run"; failures=$((failures + 1)); return; fi
  if [[ "${out}" != *"$3"* ]]; then echo "FAIL $1: '$2' printed '${out}', want '$3'"; failures=$((failures + 1)); return; fi
  echo "ok   $1"
}
expect go "go version" "go${TOOLCHAIN_GO_VERSION}"
expect node "node --version" "v${TOOLCHAIN_NODE_VERSION}."
expect terraform "terraform version" "v${TOOLCHAIN_TERRAFORM_VERSION}."
expect python "python3 --version" "Python 3"
expect kubectl "kubectl version --client" "Client Version"
expect gh "gh --version" "gh version"
test -w "${HOME}" || { echo "FAIL home: ${HOME} is not writable"; failures=$((failures + 1)); }
exit "${failures}"
