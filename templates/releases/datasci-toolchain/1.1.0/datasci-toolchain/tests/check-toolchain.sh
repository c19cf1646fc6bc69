#!/usr/bin/env bash
# Run inside a started workspace (the guide's smoke-test step does): the
# declared libraries import, and a GPU workspace sees its GPU from PyTorch.
set -euo pipefail
# shellcheck source=/dev/null
source "${HOME}/.venvs/datasci/bin/activate"
python - <<'PY'
import importlib, os, sys
failures = 0
for module, env in [("torch", "TORCH"), ("tensorflow", "TENSORFLOW"), ("sklearn", "SCIKIT_LEARN"), ("pandas", "PANDAS")]:
    want = os.environ.get(f"TOOLCHAIN_{env}_VERSION", "")
    try:
        got = importlib.import_module(module).__version__
    except Exception as error:  # report every failure, not the first
        print(f"FAIL {module}: {error}"); failures += 1; continue
    if not got.startswith(want):
        print(f"FAIL {module}: {got}, want {want}.*"); failures += 1
    else:
        print(f"ok   {module} {got}")
if os.environ.get("WORKSPACE_GPU") == "true":
    import torch
    if torch.cuda.is_available():
        print(f"ok   cuda {torch.cuda.get_device_name(0)}")
    else:
        print("FAIL cuda: the base reports a GPU but torch.cuda.is_available() is False"); failures += 1
sys.exit(failures)
PY
