/**
 * The Pod Security Standards check: a pod that meets restricted passes every
 * level, and each rule, broken alone, is reported by name at its own level
 * and not below it.
 */
import { describe, expect, it } from 'vitest';
import { enforcedLevel, POD_SECURITY_RULES, podSecurityFindings, podTemplates, type PodTemplate } from '../../iac/policies/pod-security.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function restrictedPod(): PodTemplate {
  return {
    owner: 'Pod/test/app',
    namespace: 'test',
    metadata: { annotations: {} },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'tmp', emptyDir: {} }],
      initContainers: [{ name: 'init', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      containers: [{ name: 'app', ports: [{ containerPort: 8080 }], securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }],
    },
  };
}

const app = (pod: PodTemplate): Obj => pod.spec.containers[0];

/** One way to break each rule; the key is the rule's name. */
const BREAKS: Record<string, (pod: PodTemplate) => void> = {
  HostProcess: (p) => (app(p).securityContext.windowsOptions = { hostProcess: true }),
  'Host Namespaces': (p) => (p.spec.hostPID = true),
  'Privileged Containers': (p) => (app(p).securityContext.privileged = true),
  Capabilities: (p) => (app(p).securityContext.capabilities.add = ['SYS_ADMIN']),
  'HostPath Volumes': (p) => p.spec.volumes.push({ name: 'logs', hostPath: { path: '/var/log' } }),
  'Host Ports': (p) => (app(p).ports[0].hostPort = 8080),
  AppArmor: (p) => (p.metadata.annotations['container.apparmor.security.beta.kubernetes.io/app'] = 'unconfined'),
  SELinux: (p) => (app(p).securityContext.seLinuxOptions = { type: 'spc_t' }),
  '/proc Mount Type': (p) => (app(p).securityContext.procMount = 'Unmasked'),
  Seccomp: (p) => (app(p).securityContext.seccompProfile = { type: 'Unconfined' }),
  Sysctls: (p) => (p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]),
  'Volume Types': (p) => p.spec.volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } }),
  'Privilege Escalation': (p) => delete p.spec.initContainers[0].securityContext.allowPrivilegeEscalation,
  'Running as Non-root': (p) => delete p.spec.securityContext.runAsNonRoot,
  'Running as Non-root user': (p) => (app(p).securityContext.runAsUser = 0),
  'Seccomp (restricted)': (p) => delete p.spec.securityContext.seccompProfile,
  'Capabilities (restricted)': (p) => (app(p).securityContext.capabilities.drop = ['NET_RAW']),
};

describe('Pod Security Standards', () => {
  it('a pod that meets restricted passes every level', () => {
    for (const level of ['privileged', 'baseline', 'restricted'] as const) expect(podSecurityFindings(restrictedPod(), level)).toEqual([]);
  });

  it('has a negative case for every rule', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(POD_SECURITY_RULES.map((r) => r.name).sort());
  });

  it.each(POD_SECURITY_RULES)('$name ($level): broken alone, it is the one rule broken at its level, and nothing below it', ({ name, level }) => {
    const pod = restrictedPod();
    BREAKS[name]!(pod);
    const rules = (l: 'baseline' | 'restricted') => [...new Set(podSecurityFindings(pod, l).map((f) => f.rule))];
    // A baseline break may also break the stricter restricted form of the same control (hostPath is
    // also a volume type restricted refuses), so restricted is checked to contain it.
    expect(rules(level)).toEqual([name]);
    expect(rules('restricted')).toContain(name);
    if (level === 'restricted') expect(rules('baseline')).toEqual([]);
    expect(podSecurityFindings(pod, 'privileged')).toEqual([]);
  });

  it('runAsNonRoot may be set per container instead of on the pod', () => {
    const pod = restrictedPod();
    delete pod.spec.securityContext.runAsNonRoot;
    for (const c of [...pod.spec.initContainers, ...pod.spec.containers]) c.securityContext.runAsNonRoot = true;
    expect(podSecurityFindings(pod, 'restricted')).toEqual([]);
  });

  it('finds the pod template in each workload kind', () => {
    const template = { metadata: {}, spec: { containers: [{ name: 'c' }] } };
    const meta = { name: 'x', namespace: 'ns' };
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'Job']) expect(podTemplates({ kind, metadata: meta, spec: { template } })).toHaveLength(1);
    expect(podTemplates({ kind: 'CronJob', metadata: meta, spec: { jobTemplate: { spec: { template } } } })).toHaveLength(1);
    expect(podTemplates({ kind: 'Pod', metadata: meta, spec: template.spec })[0]!.owner).toBe('Pod/ns/x');
    expect(podTemplates({ kind: 'ConfigMap', metadata: meta })).toEqual([]);
  });

  it('reads the enforced level from a namespace, privileged when unlabelled', () => {
    expect(enforcedLevel({ metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } })).toBe('restricted');
    expect(enforcedLevel({ metadata: { name: 'x' } })).toBe('privileged');
  });
});
