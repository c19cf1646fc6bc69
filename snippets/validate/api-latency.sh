#!/usr/bin/env bash
# After deployment: a latency baseline of the Coder API from where you run
# this, against the SLOs (P95 < 500 ms, P99 < 1 s).
set -euo pipefail

: "${CODER_URL:?}" "${CODER_SESSION_TOKEN:?}"
npm run -s api:latency -- --requests 200 --concurrency 10
