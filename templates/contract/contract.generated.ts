// Generated from templates/contract/contract-schema.yaml by `npm run compose -- types`. Do not edit.

export const CONTRACT_VERSION = "1.2";

/** Contract inputs every base accepts. */
export interface ContractInputs {
  /** Workspace name, unique per owner; bases derive resource names from it. */
  workspace_name: string;
  /** Coder username of the workspace owner. */
  owner: string;
  /** Size of the workspace, from the t-shirt size the template was created for. */
  compute_profile: {
    /** vCPUs. */
    cpu: number;
    /** Memory as a Kubernetes quantity in Gi, for example "8Gi". */
    memory: string;
    /** Persistent home size in Gi, for example "50Gi". */
    storage: string;
  };
  /** The resolved artifact the workspace boots; a container image with digest (pods) or an AMI id (EC2). */
  image_id: string;
}

/** Contract outputs every base returns. */
export const CONTRACT_OUTPUTS = [
  "agent_endpoint",
  "runtime_env",
  "volume_mounts",
  "metadata",
] as const;
export type ContractOutput = (typeof CONTRACT_OUTPUTS)[number];

/** Capabilities and the values each can take. */
export interface Capabilities {
  /** The operating system a toolchain's scripts and image are for (toolchain.yaml os), and a base's workspaces run (its agent's os). */
  "os": "linux" | "windows";
  /** The distribution a workspace runs. A toolchain requires one when its scripts or image need it; an EC2 base boots the AMI of the one chosen, a pod runs the toolchain image's. */
  "os-distribution": "amazon-linux-2023" | "ubuntu-22.04" | "ubuntu-24.04" | "windows-server-2022";
  /** /home/coder survives stop and start. */
  "persistent-home": boolean;
  /** Outbound network a workspace gets besides coderd and DNS. */
  "network-egress": "none" | "https-only" | "unrestricted";
  /** How a workspace proves who it is to other services. */
  "identity-mode": "oidc" | "iam" | "workload-identity";
  /** NVIDIA GPUs with drivers and CUDA. */
  "gpu-support": boolean;
  /** A shared package cache mounted read-only. */
  "artifact-cache": boolean;
  /** Where workspace secrets come from. */
  "secrets-injection": "variables" | "vault" | "secrets-manager";
  /** A Linux desktop in the browser through KasmVNC. */
  "gui-vnc": boolean;
  /** A Windows desktop through RDP in the browser or NICE DCV. */
  "gui-rdp": boolean;
}
export type CapabilityName = keyof Capabilities;

export const CAPABILITY_VALUES: { readonly [K in CapabilityName]: readonly Capabilities[K][] } = {
  "os": ["linux", "windows"],
  "os-distribution": ["amazon-linux-2023", "ubuntu-22.04", "ubuntu-24.04", "windows-server-2022"],
  "persistent-home": [true, false],
  "network-egress": ["none", "https-only", "unrestricted"],
  "identity-mode": ["oidc", "iam", "workload-identity"],
  "gpu-support": [true, false],
  "artifact-cache": [true, false],
  "secrets-injection": ["variables", "vault", "secrets-manager"],
  "gui-vnc": [true, false],
  "gui-rdp": [true, false],
};
