/**
 * Coder registry modules the compositions add, pinned. Versions read from
 * coder/registry (registry/coder/modules/<name>, release tags) on 2026-11-26;
 * every one takes `agent_id` and is counted by the workspace's start_count.
 */
/**
 * The KasmVNC release a desktop runs: the kasmvnc module's own default at the pinned 1.3.0 (its
 * main.tf, release/coder/kasmvnc/v1.3.0), which installs it only when `kasmvncserver` is not on
 * the PATH, with passwordless sudo, on a distribution it knows (and libdatetime-perl beside it).
 * base-ec2-linux installs it at first boot and swdev's image at build (a test holds the versions
 * equal), and the module is given it, so that it finds the server and only configures and starts it.
 */
export const KASMVNC_VERSION = '1.4.0';

export const REGISTRY_MODULES = {
  'code-server': { source: 'registry.coder.com/coder/code-server/coder', version: '1.5.2' },
  jupyterlab: { source: 'registry.coder.com/coder/jupyterlab/coder', version: '1.3.0' },
  kasmvnc: { source: 'registry.coder.com/coder/kasmvnc/coder', version: '1.3.0' },
  'windows-rdp': { source: 'registry.coder.com/coder/windows-rdp/coder', version: '1.3.1' },
  'amazon-dcv-windows': { source: 'registry.coder.com/coder/amazon-dcv-windows/coder', version: '1.1.2' },
} as const;
export type RegistryModule = keyof typeof REGISTRY_MODULES;

/** Providers of the composed templates. coder ~> 2.18: the newest the Terraform registry serves (2.19 is on GitHub and the OpenTofu registry only). */
export const TEMPLATE_PROVIDERS = {
  coder: { source: 'coder/coder', version: '~> 2.18' },
  kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' },
  aws: { source: 'hashicorp/aws', version: '>= 5.80, < 7.0' },
  random: { source: 'hashicorp/random', version: '~> 3.7' },
} as const;
