/**
 * The Kubernetes Pod Security Standards (baseline and restricted, as the
 * Pod Security admission controller enforces them at v1.35), applied to a
 * pod template wherever it comes from: a chart rendered with `helm template`,
 * the guide's own manifests, a hand-edited file. Each rule is one entry of
 * RULES, named as the standard names it, so a finding says which control it
 * breaks and at which level.
 */

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export interface PodTemplate {
  /** Kind/namespace/name of the object that holds the template. */
  owner: string;
  namespace: string | undefined;
  metadata: Obj;
  spec: Obj;
}

export interface PodSecurityFinding {
  owner: string;
  level: Exclude<PodSecurityLevel, 'privileged'>;
  rule: string;
  detail: string;
}

interface Rule {
  name: string;
  level: Exclude<PodSecurityLevel, 'privileged'>;
  check: (pod: PodTemplate) => string[];
}

const ALLOWED_BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const ALLOWED_SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

function containers(spec: Obj): Obj[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

/** Checks each container's field: a finding per container whose value is refused. */
function perContainer(pod: PodTemplate, refused: (c: Obj) => string | undefined): string[] {
  return containers(pod.spec).flatMap((c) => {
    const why = refused(c);
    return why ? [`container ${c.name}: ${why}`] : [];
  });
}

function volumeType(volume: Obj): string {
  return Object.keys(volume).find((k) => k !== 'name') ?? 'unknown';
}

const RULES: Rule[] = [
  // ---------------- baseline ----------------
  {
    name: 'HostProcess',
    level: 'baseline',
    check: (pod) => [
      ...(pod.spec.securityContext?.windowsOptions?.hostProcess === true ? ['pod: windowsOptions.hostProcess is true'] : []),
      ...perContainer(pod, (c) => (c.securityContext?.windowsOptions?.hostProcess === true ? 'windowsOptions.hostProcess is true' : undefined)),
    ],
  },
  {
    name: 'Host Namespaces',
    level: 'baseline',
    check: (pod) => (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => pod.spec[f] === true).map((f) => `pod: ${f} is true`),
  },
  {
    name: 'Privileged Containers',
    level: 'baseline',
    check: (pod) => perContainer(pod, (c) => (c.securityContext?.privileged === true ? 'securityContext.privileged is true' : undefined)),
  },
  {
    name: 'Capabilities',
    level: 'baseline',
    check: (pod) =>
      perContainer(pod, (c) => {
        const extra = ((c.securityContext?.capabilities?.add ?? []) as string[]).filter((cap) => !ALLOWED_BASELINE_CAPABILITIES.has(cap));
        return extra.length ? `adds ${extra.join(', ')}` : undefined;
      }),
  },
  {
    name: 'HostPath Volumes',
    level: 'baseline',
    check: (pod) => ((pod.spec.volumes ?? []) as Obj[]).filter((v) => v.hostPath).map((v) => `volume ${v.name}: hostPath ${v.hostPath.path}`),
  },
  {
    name: 'Host Ports',
    level: 'baseline',
    check: (pod) =>
      perContainer(pod, (c) => {
        const ports = ((c.ports ?? []) as Obj[]).filter((p) => p.hostPort !== undefined && p.hostPort !== 0).map((p) => p.hostPort);
        return ports.length ? `hostPort ${ports.join(', ')}` : undefined;
      }),
  },
  {
    name: 'AppArmor',
    level: 'baseline',
    check: (pod) => {
      const allowed = (type: unknown) => type === undefined || type === 'RuntimeDefault' || type === 'Localhost';
      const annotations = Object.entries((pod.metadata.annotations ?? {}) as Record<string, string>)
        .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && !(v === 'runtime/default' || v.startsWith('localhost/')))
        .map(([k, v]) => `annotation ${k}: ${v}`);
      return [
        ...annotations,
        ...(allowed(pod.spec.securityContext?.appArmorProfile?.type) ? [] : [`pod: appArmorProfile ${pod.spec.securityContext.appArmorProfile.type}`]),
        ...perContainer(pod, (c) => (allowed(c.securityContext?.appArmorProfile?.type) ? undefined : `appArmorProfile ${c.securityContext.appArmorProfile.type}`)),
      ];
    },
  },
  {
    name: 'SELinux',
    level: 'baseline',
    check: (pod) => {
      const refused = (o: Obj | undefined) => {
        if (!o) return undefined;
        if (!ALLOWED_SELINUX_TYPES.has(o.type ?? '')) return `seLinuxOptions.type ${o.type}`;
        if (o.user) return `seLinuxOptions.user ${o.user}`;
        if (o.role) return `seLinuxOptions.role ${o.role}`;
        return undefined;
      };
      const podLevel = refused(pod.spec.securityContext?.seLinuxOptions);
      return [...(podLevel ? [`pod: ${podLevel}`] : []), ...perContainer(pod, (c) => refused(c.securityContext?.seLinuxOptions))];
    },
  },
  {
    name: '/proc Mount Type',
    level: 'baseline',
    check: (pod) => perContainer(pod, (c) => (c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default' ? `procMount ${c.securityContext.procMount}` : undefined)),
  },
  {
    name: 'Seccomp',
    level: 'baseline',
    check: (pod) => [
      ...(pod.spec.securityContext?.seccompProfile?.type === 'Unconfined' ? ['pod: seccompProfile Unconfined'] : []),
      ...perContainer(pod, (c) => (c.securityContext?.seccompProfile?.type === 'Unconfined' ? 'seccompProfile Unconfined' : undefined)),
    ],
  },
  {
    name: 'Sysctls',
    level: 'baseline',
    check: (pod) => ((pod.spec.securityContext?.sysctls ?? []) as Obj[]).filter((s) => !SAFE_SYSCTLS.has(s.name)).map((s) => `pod: sysctl ${s.name}`),
  },
  // ---------------- restricted ----------------
  {
    name: 'Volume Types',
    level: 'restricted',
    check: (pod) => ((pod.spec.volumes ?? []) as Obj[]).filter((v) => !RESTRICTED_VOLUME_TYPES.has(volumeType(v))).map((v) => `volume ${v.name}: ${volumeType(v)}`),
  },
  {
    name: 'Privilege Escalation',
    level: 'restricted',
    check: (pod) => perContainer(pod, (c) => (c.securityContext?.allowPrivilegeEscalation === false ? undefined : 'allowPrivilegeEscalation is not false')),
  },
  {
    name: 'Running as Non-root',
    level: 'restricted',
    check: (pod) => {
      const podLevel = pod.spec.securityContext?.runAsNonRoot;
      if (podLevel === false) return ['pod: runAsNonRoot is false'];
      return perContainer(pod, (c) => {
        const own = c.securityContext?.runAsNonRoot;
        if (own === false) return 'runAsNonRoot is false';
        return own === true || podLevel === true ? undefined : 'runAsNonRoot is not set to true (pod or container)';
      });
    },
  },
  {
    name: 'Running as Non-root user',
    level: 'restricted',
    check: (pod) => [
      ...(pod.spec.securityContext?.runAsUser === 0 ? ['pod: runAsUser is 0'] : []),
      ...perContainer(pod, (c) => (c.securityContext?.runAsUser === 0 ? 'runAsUser is 0' : undefined)),
    ],
  },
  {
    name: 'Seccomp (restricted)',
    level: 'restricted',
    check: (pod) => {
      const ok = (type: unknown) => type === 'RuntimeDefault' || type === 'Localhost';
      const podLevel = pod.spec.securityContext?.seccompProfile?.type;
      return perContainer(pod, (c) => {
        const own = c.securityContext?.seccompProfile?.type;
        if (own !== undefined) return ok(own) ? undefined : `seccompProfile ${own}`;
        return ok(podLevel) ? undefined : 'seccompProfile is not RuntimeDefault or Localhost (pod or container)';
      });
    },
  },
  {
    name: 'Capabilities (restricted)',
    level: 'restricted',
    check: (pod) =>
      perContainer(pod, (c) => {
        const caps = c.securityContext?.capabilities ?? {};
        if (!((caps.drop ?? []) as string[]).includes('ALL')) return 'capabilities.drop does not include ALL';
        const extra = ((caps.add ?? []) as string[]).filter((cap) => cap !== 'NET_BIND_SERVICE');
        return extra.length ? `adds ${extra.join(', ')}` : undefined;
      }),
  },
];

/** The rule names, by level: what a negative test must cover. */
export const POD_SECURITY_RULES = RULES.map(({ name, level }) => ({ name, level }));

const LEVELS: Record<PodSecurityLevel, Array<Rule['level']>> = { privileged: [], baseline: ['baseline'], restricted: ['baseline', 'restricted'] };

/** Every rule of `level` (restricted includes baseline) the pod breaks. */
export function podSecurityFindings(pod: PodTemplate, level: PodSecurityLevel): PodSecurityFinding[] {
  return RULES.filter((r) => LEVELS[level].includes(r.level)).flatMap((r) => r.check(pod).map((detail) => ({ owner: pod.owner, level: r.level, rule: r.name, detail })));
}

/** The pod templates a Kubernetes object holds (Pod, the workload kinds, CronJob). */
export function podTemplates(object: Obj): PodTemplate[] {
  const kind = object?.kind as string | undefined;
  const meta = object?.metadata ?? {};
  const owner = `${kind}/${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
  const of = (template: Obj | undefined): PodTemplate[] => (template?.spec ? [{ owner, namespace: meta.namespace, metadata: template.metadata ?? {}, spec: template.spec }] : []);
  switch (kind) {
    case 'Pod':
      return [{ owner, namespace: meta.namespace, metadata: meta, spec: object.spec ?? {} }];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
    case 'ReplicationController':
      return of(object.spec?.template);
    case 'CronJob':
      return of(object.spec?.jobTemplate?.spec?.template);
    default:
      return [];
  }
}

/** The level a Namespace object enforces (its pod-security.kubernetes.io/enforce label; privileged when unset). */
export function enforcedLevel(namespace: Obj): PodSecurityLevel {
  const level = namespace?.metadata?.labels?.['pod-security.kubernetes.io/enforce'];
  return level === 'baseline' || level === 'restricted' ? level : 'privileged';
}
