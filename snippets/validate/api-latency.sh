#!/usr/bin/env bash
# After deployment: a latency baseline of the Coder API from where you run
# this, against the API targets of scripts/lib/slo.ts.
set -euo pipefail

: "${CODER_URL:?}" "${CODER_SESSION_TOKEN:?}"
npm run -s api:latency -- --requests 200 --concurrency 10
