#!/usr/bin/env bash
# Scale test against the acceptance criteria: 1000 workspace operations at
# once, provisioning P95 (pod < 2 min, EC2 < 5 min), API P95 < 500 ms and
# P99 < 1 s. Run against a staging deployment sized like production, with
# an Owner's CODER_URL and CODER_SESSION_TOKEN and rate limits disabled.
set -euo pipefail

# shellcheck source=generated/guide.env
source generated/guide.env
: "${CODER_URL:?}" "${CODER_SESSION_TOKEN:?}"
out="${SCALETEST_OUT:-scaletest-results}"
mkdir -p "$out"

# #region create-workspaces
# 800 pod and 200 EC2 workspaces, built 100 at a time per template; kept for the traffic test.
coder exp scaletest create-workspaces --template "$SMOKE_POD_TEMPLATE" --count 800 --concurrency 100 \
  --job-timeout 10m --no-cleanup --output "json:$out/create-pod.json" &
coder exp scaletest create-workspaces --template "$SMOKE_EC2_TEMPLATE" --count 200 --concurrency 100 \
  --job-timeout 15m --no-cleanup --output "json:$out/create-ec2.json" &
wait
# #endregion create-workspaces

# #region workspace-traffic
# 1 KiB every 10 ms on every workspace for 15 minutes: terminal traffic through coderd.
coder exp scaletest workspace-traffic --bytes-per-tick 1024 --tick-interval 10ms --job-timeout 15m \
  --output "json:$out/traffic.json"
# #endregion workspace-traffic

# #region dashboard
# 50 simulated users clicking through the dashboard for 10 minutes: the API latency under load.
coder exp scaletest dashboard --count 50 --interval 5s --jitter 2s --job-timeout 10m \
  --output "json:$out/dashboard.json"
# #endregion dashboard

# #region report
npm run -s scaletest:report -- "pod=$out/create-pod.json" "ec2=$out/create-ec2.json" "api=$out/dashboard.json"
# #endregion report

# #region cleanup
coder exp scaletest cleanup
# #endregion cleanup
