#!/usr/bin/env bash
# After deployment: the EKS cluster and its node groups are healthy, and the
# database answers from inside the cluster (the path coderd uses).
set -euo pipefail

# shellcheck source=generated/guide.env
source cdktf.out/deployment/guide.env
# shellcheck source=snippets/lib.sh
source snippets/lib.sh

# #region eks
status="$(aws eks describe-cluster --name "$GUIDE_NAME" --query cluster.status --output text)"
[[ "$status" == "ACTIVE" ]] || { echo "EKS cluster $GUIDE_NAME is $status, not ACTIVE" >&2; exit 1; }
for group in coder-control coder-prov coder-ws; do
  ready="$(kubectl get nodes -l "coder.com/node-group=$group" -o json |
    jq '[.items[] | select(any(.status.conditions[]; .type == "Ready" and .status == "True"))] | length')"
  [[ "$ready" -ge 1 ]] || { echo "node group $group has no Ready node" >&2; exit 1; }
  echo "eks: $group has $ready Ready node(s)"
done
kubectl -n kube-system rollout status deployment/aws-load-balancer-controller --timeout=60s
kubectl -n kube-system rollout status deployment/cluster-autoscaler --timeout=60s
kubectl -n coder rollout status deployment/coder --timeout=120s
# #endregion eks

# #region aurora
# pg_isready from a pod on a coder-control node: the network path and security group coderd uses.
endpoint="$(tf_output database endpoint)"
check="$(jq -n --arg host "$endpoint" '{command: ["pg_isready", "--host", $host, "--port", "5432", "--timeout", "10"]}')"
pod="$(postgres_client_pod aurora-check "$check")"
kubectl -n coder run aurora-check --rm -i --restart=Never --image="$POSTGRES_CLIENT_IMAGE" --overrides="$pod"
# #endregion aurora
