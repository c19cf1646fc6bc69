#!/usr/bin/env bash
# Validate the deployment's configuration and synthesize every stack. A bad
# value stops here with the field and the fix; nothing reaches AWS.
set -euo pipefail

npm run -s synth -- --profile "${GUIDE_PROFILE:-production}"
npm run -s check:policies
