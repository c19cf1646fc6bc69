#!/usr/bin/env bash
# The swdev toolchain's startup script: runs as the workspace user each time
# the agent starts. The image (build/Dockerfile) already holds the tools;
# this script only fills what is missing (VM workspaces boot a plain OS image),
# so a second start is quick. Versions come from toolchain.yaml through the
# TOOLCHAIN_* variables the composed template sets.
set -euo pipefail

: "${TOOLCHAIN_GO_VERSION:?set by the composed template from toolchain.yaml}"
: "${TOOLCHAIN_NODE_VERSION:?set by the composed template from toolchain.yaml}"
: "${TOOLCHAIN_TERRAFORM_VERSION:?set by the composed template from toolchain.yaml}"

prefix="${HOME}/.local"
mkdir -p "${prefix}/bin" "${HOME}/.cache/toolchain"
export PATH="${prefix}/bin:${prefix}/go/bin:${prefix}/node/bin:${PATH}"

arch="$(uname -m)"
case "${arch}" in
  x86_64) goarch=amd64; nodearch=x64 ;;
  aarch64) goarch=arm64; nodearch=arm64 ;;
  *) echo "swdev-toolchain: unsupported architecture ${arch}" >&2; exit 1 ;;
esac

have() { command -v "$1" >/dev/null 2>&1; }

fetch() { # url file
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"
}

if ! have go; then
  echo "installing Go ${TOOLCHAIN_GO_VERSION}"
  latest="$(curl -fsSL "https://go.dev/dl/?mode=json" | grep -o "\"go${TOOLCHAIN_GO_VERSION}[.0-9]*\"" | head -n1 | tr -d '"')"
  fetch "https://go.dev/dl/${latest}.linux-${goarch}.tar.gz" "${HOME}/.cache/toolchain/go.tgz"
  tar -C "${prefix}" -xzf "${HOME}/.cache/toolchain/go.tgz"
fi

if ! have node; then
  echo "installing Node.js ${TOOLCHAIN_NODE_VERSION}"
  fetch "https://nodejs.org/dist/latest-v${TOOLCHAIN_NODE_VERSION}.x/SHASUMS256.txt" "${HOME}/.cache/toolchain/node.sums"
  tarball="$(grep -o "node-v[0-9.]*-linux-${nodearch}.tar.xz" "${HOME}/.cache/toolchain/node.sums" | head -n1)"
  fetch "https://nodejs.org/dist/latest-v${TOOLCHAIN_NODE_VERSION}.x/${tarball}" "${HOME}/.cache/toolchain/${tarball}"
  (cd "${HOME}/.cache/toolchain" && grep " ${tarball}\$" node.sums | sha256sum --check --status)
  mkdir -p "${prefix}/node"
  tar -C "${prefix}/node" --strip-components=1 -xJf "${HOME}/.cache/toolchain/${tarball}"
fi

if ! have terraform; then
  echo "installing terraform ${TOOLCHAIN_TERRAFORM_VERSION}"
  version="$(curl -fsSL "https://checkpoint-api.hashicorp.com/v1/check/terraform" | grep -o '"current_version":"[^"]*"' | cut -d'"' -f4)"
  case "${version}" in
    "${TOOLCHAIN_TERRAFORM_VERSION}".*) ;;
    *) version="${TOOLCHAIN_TERRAFORM_VERSION}.0" ;;
  esac
  fetch "https://releases.hashicorp.com/terraform/${version}/terraform_${version}_linux_${goarch}.zip" "${HOME}/.cache/toolchain/terraform.zip"
  python3 -m zipfile -e "${HOME}/.cache/toolchain/terraform.zip" "${prefix}/bin/"
  chmod +x "${prefix}/bin/terraform"
fi

# Keep the PATH for login shells too.
# shellcheck disable=SC2016 # written literally: ~/.profile expands it at login
profile_line='export PATH="${HOME}/.local/bin:${HOME}/.local/go/bin:${HOME}/.local/node/bin:${PATH}"'
grep -qxF "${profile_line}" "${HOME}/.profile" 2>/dev/null || echo "${profile_line}" >>"${HOME}/.profile"

echo "swdev-toolchain ready: $(go version 2>/dev/null || echo 'go missing'), node $(node --version 2>/dev/null || echo missing)"
