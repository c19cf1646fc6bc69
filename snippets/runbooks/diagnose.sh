#!/usr/bin/env bash
# First-look diagnostics the troubleshooting page refers to. Read-only.
set -euo pipefail

# #region coderd-health
kubectl -n coder get pods -l app.kubernetes.io/name=coder -o wide
kubectl -n coder logs deployment/coder --since=15m | grep -iE 'error|fatal|database' | tail -n 50
kubectl -n coder get targetgroupbinding coder -o jsonpath='{.status}{"\n"}'
# #endregion coderd-health

# #region pending-builds
# Jobs wait when no provisioner with matching tags is connected.
kubectl -n coder-prov get pods -o wide
kubectl -n coder-prov get cronjobs
coder provisioner list
coder provisioner jobs list --status pending
# #endregion pending-builds

# #region node-capacity
kubectl get nodes -L coder.com/node-group,topology.kubernetes.io/zone
kubectl get pods -A --field-selector=status.phase=Pending
kubectl -n kube-system logs deployment/cluster-autoscaler --since=30m | grep -iE 'scale|unschedulable' | tail -n 30
# #endregion node-capacity
