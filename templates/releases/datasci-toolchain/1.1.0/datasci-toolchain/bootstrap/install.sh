#!/usr/bin/env bash
# The datasci toolchain's startup script: a Python virtual environment in the
# persistent home with the declared libraries, installed once and reused on
# every later start. CUDA wheels only where the base reports a GPU.
set -euo pipefail

: "${TOOLCHAIN_PYTHON_VERSION:?set by the composed template from toolchain.yaml}"
: "${TOOLCHAIN_TORCH_VERSION:?set by the composed template from toolchain.yaml}"
: "${TOOLCHAIN_TENSORFLOW_VERSION:?set by the composed template from toolchain.yaml}"
: "${TOOLCHAIN_SCIKIT_LEARN_VERSION:?set by the composed template from toolchain.yaml}"
: "${TOOLCHAIN_PANDAS_VERSION:?set by the composed template from toolchain.yaml}"
: "${TOOLCHAIN_JUPYTERLAB_VERSION:?set by the composed template from toolchain.yaml}"

venv="${HOME}/.venvs/datasci"
stamp="${venv}/.toolchain-${TOOLCHAIN_PYTHON_VERSION}-${TOOLCHAIN_TORCH_VERSION}-${TOOLCHAIN_TENSORFLOW_VERSION}"

python="python${TOOLCHAIN_PYTHON_VERSION}"
command -v "${python}" >/dev/null 2>&1 || python=python3

if [[ ! -f "${stamp}" ]]; then
  echo "creating ${venv}"
  "${python}" -m venv "${venv}"
  # shellcheck source=/dev/null
  source "${venv}/bin/activate"
  pip install --quiet --upgrade pip
  extra=()
  if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi >/dev/null 2>&1; then
    echo "GPU found: $(nvidia-smi --query-gpu=name --format=csv,noheader | head -n1)"
    extra+=("tensorflow[and-cuda]==${TOOLCHAIN_TENSORFLOW_VERSION}.*")
  else
    extra+=("tensorflow==${TOOLCHAIN_TENSORFLOW_VERSION}.*")
  fi
  pip install --quiet \
    "torch==${TOOLCHAIN_TORCH_VERSION}.*" \
    "scikit-learn==${TOOLCHAIN_SCIKIT_LEARN_VERSION}.*" \
    "pandas==${TOOLCHAIN_PANDAS_VERSION}.*" \
    "jupyterlab==${TOOLCHAIN_JUPYTERLAB_VERSION}.*" \
    "${extra[@]}"
  touch "${stamp}"
fi

grep -qxF "source ${venv}/bin/activate" "${HOME}/.bashrc" 2>/dev/null || echo "source ${venv}/bin/activate" >>"${HOME}/.bashrc"
echo "datasci-toolchain ready in ${venv}"
