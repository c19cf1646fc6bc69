import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/repo.js';
import { STEPS, type ToolName } from '../../scripts/lib/guide/steps.js';
import { synthesize } from '../../scripts/lib/synth.js';
import { enforcedLevel, podSecurityFindings, podTemplates } from '../../iac/policies/pod-security.js';
import { NAMESPACES, NODE_GROUP_KEY, NODE_GROUPS, rdsCaVolume } from '../../iac/platform.js';
import { deploymentFiles } from '../../scripts/lib/deployment-files.js';
import { loadDeployment } from '../../iac/deployment.js';
import { tempDir } from '../helpers/temp.js';

let synthesized: string | undefined;
/**
 * A clone where the config step has run: the snippets, and the files synth writes beside the stacks
 * (cdktf.out/deployment/), which the steps source. A fresh clone has no cdktf.out of its own.
 */
function afterConfigStep(): string {
  if (synthesized) return synthesized;
  const dir = tempDir('guide-snippets-');
  fs.symlinkSync(path.join(repoRoot, 'snippets'), path.join(dir, 'snippets'));
  for (const file of deploymentFiles(loadDeployment('production'), 'cdktf.out/deployment', 'synth')) {
    fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, file.path), file.content);
  }
  return (synthesized = dir);
}

const scripts = [
  ...fs.readdirSync(path.join(repoRoot, 'snippets'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sh')).map((f) => `snippets/${f}`),
  // Toolchain bootstrap and test scripts (the composed copies are byte-identical: the drift gate checks them).
  ...fs.readdirSync(path.join(repoRoot, 'templates'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sh') && !f.startsWith('composed')).map((f) => `templates/${f}`),
  '.ci/run',
];

describe('shell the guide shows or CI runs', () => {
  it.each(scripts)('%s passes shellcheck', (file) => {
    const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '--external-sources', file], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.error, 'shellcheck is installed (apt-get install -y shellcheck; .ci/run does it)').toBeUndefined();
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(scripts)('%s is executable and stops on the first error', (file) => {
    const abs = path.join(repoRoot, file);
    expect(fs.statSync(abs).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(abs, 'utf8')).toMatch(/^set -euo pipefail$/m);
  });
});

describe('failures inside command substitutions', () => {
  // With set -e, a failing command inside "$(…)" stops the script only where the substitution is
  // the last one of a plain assignment (name="$(…)"), whose status is the substitution's; used as
  // an argument, or beside another substitution, its failure is lost and an empty value goes on.
  const logicalLines = (file: string) =>
    fs
      .readFileSync(path.join(repoRoot, file), 'utf8')
      .split('\n')
      .filter((l) => !/^\s*#/.test(l))
      .join('\n')
      .replace(/\\\n/g, ' ')
      .split('\n');
  it.each(scripts.filter((s) => s.startsWith('snippets/')))('%s reads a command\'s output into a variable before using it', (file) => {
    const unsafe = logicalLines(file).filter((l) => {
      const substitutions = (l.match(/\$\(/g) ?? []).length;
      if (substitutions === 0) return false;
      if (substitutions === 1 && /^\s*(?:local\s+|export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(l)) return false;
      // A condition, where a failure is the answer, and messages.
      return !/^\s*(?:if|elif|while|until)\s|^\s*\[\[|^\s*(?:echo|printf)\s/.test(l);
    });
    expect(unsafe).toEqual([]);
  });
});

describe('names the snippets use', () => {
  const env = new Set(
    fs
      .readFileSync(path.join(repoRoot, 'generated/guide.env'), 'utf8')
      .split('\n')
      .map((l) => /^export ([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  it.each(scripts.filter((s) => s.startsWith('snippets/')))('%s takes its names from generated/guide.env or sets them itself', (file) => {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    const used = new Set([...text.matchAll(/\$\{?([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!));
    // Names a script assigns, or the helpers it sources (snippets/lib.sh) do.
    const lib = text.includes('source snippets/lib.sh') ? fs.readFileSync(path.join(repoRoot, 'snippets/lib.sh'), 'utf8') : '';
    const assigned = new Set([...`${text}\n${lib}`.matchAll(/(?:^|\s)([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    // ${VAR:?message} and ${VAR:-default} are documented inputs of the script itself.
    const required = new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]+):[?-]/g)].map((m) => m[1]!));
    const unknown = [...used].filter((v) => !env.has(v) && !assigned.has(v) && !required.has(v) && !['PATH', 'HOME', 'SECONDS'].includes(v));
    expect(unknown).toEqual([]);
  });
});

describe('the runner\'s steps', () => {
  // A tool called at command position (line start, after $( | ; && or !), outside comments and plain strings.
  const calls = (file: string, tool: string) => {
    const text = fs
      .readFileSync(path.join(repoRoot, file), 'utf8')
      .split('\n')
      .filter((l) => !/^\s*#/.test(l))
      .map((l) => l.replace(/"[^"]*"/g, (q) => (q.includes('$(') ? q : '""')))
      .join('\n');
    return new RegExp(`(^\\s*|\\$\\(|\\|\\s*|;\\s*|&&\\s*|!\\s+)${tool}\\s`, 'm').test(text);
  };
  it.each(STEPS.map((s) => [s.id, s] as const))('%s lists every CLI its snippet calls, so its preconditions check them', (_id, step) => {
    const tools: ToolName[] = ['aws', 'kubectl', 'helm', 'terraform', 'coder', 'jq', 'curl', 'dig', 'envsubst', 'npm'];
    expect(tools.filter((t) => calls(step.snippet, t) && !step.tools.includes(t))).toEqual([]);
  });
});

describe('the pages of the runner\'s steps', () => {
  // The heading ids Docusaurus gives: lower case, punctuation dropped, spaces to hyphens.
  const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
  const page = (ref: string) => fs.readFileSync(path.join(repoRoot, 'docs', `${ref}.mdx`), 'utf8');
  it.each(STEPS.map((s) => [s.id, s] as const))('%s: its page shows, inside its HowToRun, the very snippet the runner executes', (_id, step) => {
    const text = page(step.page);
    const block = new RegExp(`<HowToRun step="${step.id}">([\\s\\S]*?)</HowToRun>`).exec(text)?.[1];
    expect(block, `docs/${step.page}.mdx has <HowToRun step="${step.id}">`).toBeDefined();
    const imports = [...block!.matchAll(/file=<rootDir>\/(\S+?)(?:#L\d+(?:-L\d+)?)?(?:\s|$)/g)].map((m) => m[1]);
    expect(imports).toEqual([step.snippet]);
    // The whole file, not a region of it: what the reader copies is what the runner runs.
    expect(block).not.toMatch(/region=/);
  });
  it.each(STEPS.map((s) => [s.id, s] as const))('%s: the troubleshooting page and section its failure points to exist', (_id, step) => {
    const [ref, anchor] = step.troubleshooting.split('#');
    const headings = page(ref!).split('\n').filter((l) => /^#{2,4} /.test(l)).map((l) => slug(l.replace(/^#+ /, '')));
    if (anchor) expect(headings, `docs/${ref}.mdx#${anchor}`).toContain(anchor);
  });
});

describe('Terraform addresses the snippets name', () => {
  it('exist in the synthesized stack they address (imports and -target= follow the construct ids)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'snippet-addresses-'));
    try {
      synthesize({ profile: 'production', outdir: out });
      let found = 0;
      for (const file of scripts.filter((s) => s.startsWith('snippets/'))) {
        const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
        // `stack=cdktf.out/stacks/<name>` or `-chdir=cdktf.out/stacks/<name>` says which stack the addresses belong to.
        const stack = /cdktf\.out\/stacks\/([a-z-]+)/.exec(text)?.[1];
        for (const m of text.matchAll(/(?:-target=|import -input=false |state show )([a-z_]+)\.([\w-]+)/g)) {
          found += 1;
          const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks', stack!, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
          expect(json.resource?.[m[1]!]?.[m[2]!], `${file}: ${m[1]}.${m[2]} in stack ${stack}`).toBeDefined();
        }
      }
      expect(found).toBeGreaterThanOrEqual(3);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('cluster names the snippets spell out', () => {
  // Shell cannot import iac/platform.ts: hold what the snippets write against it instead.
  const texts = scripts.filter((s) => s.startsWith('snippets/')).map((file) => [file, fs.readFileSync(path.join(repoRoot, file), 'utf8')] as const);
  it('namespaces are the platform\'s (or kube-system)', () => {
    const known = new Set<string>([...Object.values(NAMESPACES), 'kube-system']);
    for (const [file, text] of texts) {
      for (const m of text.matchAll(/(?:\s-n|--namespace|namespace:)\s+"?([a-z][a-z0-9-]*)"?/g)) expect(known, `${file}: namespace ${m[1]}`).toContain(m[1]);
    }
  });
  it('node-group labels use the platform\'s key and its group names', () => {
    const groups = new Set<string>(Object.values(NODE_GROUPS));
    let seen = 0;
    for (const [file, text] of texts) {
      for (const m of text.matchAll(/coder\.com\/node-group"?\s*[:=]\s*"?\$?([a-z-]+)/g)) {
        seen += 1;
        if (m[1] !== 'group') expect(groups, `${file}: node group ${m[1]}`).toContain(m[1]);
      }
      for (const m of text.matchAll(/for group in ([a-z -]+);/g)) expect(m[1]!.trim().split(/\s+/).sort(), file).toEqual([...groups].sort());
    }
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(NODE_GROUP_KEY).toBe('coder.com/node-group');
  });
});

describe('throwaway pods the snippets start', () => {
  it('postgres_client_pod builds a pod that the coder namespace\'s Pod Security level admits', async () => {
    const { Pod } = await import('kubernetes-models/v1/Pod');
    const YAML = (await import('yaml')).default;
    const namespaces = YAML.parseAllDocuments(fs.readFileSync(path.join(repoRoot, 'generated/k8s/namespaces.yaml'), 'utf8')).map((d) => d.toJS() as { metadata: { name: string; labels?: Record<string, string> } });
    const coder = namespaces.find((n) => n.metadata.name === NAMESPACES.coder)!;
    expect(coder.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // Real bash and jq, as a reader's shell runs the helper.
    const r = spawnSync('bash', ['-c', `source generated/guide.env && source snippets/lib.sh && postgres_client_pod aurora-check '{"command": ["pg_isready", "--host", "db"]}'`], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.error, 'jq is installed (apt-get install -y jq; .ci/run does it)').toBeUndefined();
    expect(r.stderr).toBe('');
    const pod = JSON.parse(r.stdout);
    new Pod(pod).validate();
    expect(pod.metadata.namespace).toBe(NAMESPACES.coder);
    // The restricted profile of the Pod Security Standards, rule by rule (iac/policies/pod-security.ts).
    const spec = pod.spec;
    expect(podSecurityFindings(podTemplates(pod)[0]!, enforcedLevel(coder))).toEqual([]);
    expect(spec.containers[0]).toMatchObject({ name: 'aurora-check', command: ['pg_isready', '--host', 'db'] });
    // The RDS certificate authorities, where sslmode=verify-full looks for them.
    expect(spec.volumes).toEqual([rdsCaVolume().volume]);
    expect(spec.containers[0].volumeMounts).toEqual([rdsCaVolume().mount]);
    // On a coder-control node, as the Aurora security group expects.
    expect(spec.nodeSelector).toEqual({ [NODE_GROUP_KEY]: NODE_GROUPS.control });
  });
});

describe('the licence pre-flight', () => {
  // The licence as Coder issues it: a JWT whose claims name the feature set and the expiry. The
  // signature is Coder's to check; the pre-flight reads the claims.
  const jwt = (claims: Record<string, unknown>) => ['{"alg":"EdDSA","kid":"2022-08-12"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.c2lnbmF0dXJl';
  const now = Math.floor(Date.now() / 1000);
  const run = (secret: string | undefined) => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'licence-'));
    try {
      // aws answers get-secret-value with the stored licence, or fails as for a missing secret.
      fs.writeFileSync(path.join(bin, 'aws'), `#!/bin/bash\n[[ -n "\${LICENCE:-}" ]] || { echo "ResourceNotFoundException" >&2; exit 254; }\nprintf '%s\\n' "$LICENCE"\n`, { mode: 0o755 });
      const r = spawnSync('bash', ['snippets/preflight/licence.sh'], { cwd: afterConfigStep(), encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, HOME: bin, ...(secret === undefined ? {} : { LICENCE: secret }) } });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  };
  it('passes a Premium licence that has not expired, warning within 30 days of its end', () => {
    const ok = run(jwt({ feature_set: 'premium', license_expires: now + 200 * 86400, exp: now + 230 * 86400, version: 3 }));
    expect(ok.status, ok.out).toBe(0);
    expect(ok.out).toMatch(/^licence: Premium, valid until \d{4}-\d{2}-\d{2}$/m);
    expect(ok.out).not.toContain('warning');
    const soon = run(jwt({ feature_set: 'premium', license_expires: now + 10 * 86400, trial: true }));
    expect(soon.status, soon.out).toBe(0);
    expect(soon.out).toMatch(/warning: the licence expires in (9|10) day\(s\)/);
    expect(soon.out).toContain('warning: this is a trial licence');
  });
  it('refuses a missing secret, something that is not a licence, another feature set, and an expired licence, saying what to do', () => {
    const cases: Array<[string | undefined, RegExp]> = [
      [undefined, /Store the licence first: aws secretsmanager create-secret --name coder-prod\/coder\/license/],
      ['not-a-licence', /does not hold a Coder licence \(a JWT\)/],
      [jwt({ feature_set: 'enterprise', license_expires: now + 86400 * 100 }), /feature set is "enterprise", not premium/],
      [jwt({ all_features: true, license_expires: now + 86400 * 100 }), /feature set is "enterprise", not premium/],
      [jwt({ feature_set: 'premium', license_expires: now - 86400 }), /The licence expired on \d{4}-\d{2}-\d{2}: store a renewed one/],
    ];
    for (const [secret, message] of cases) {
      const r = run(secret);
      expect(r.status, r.out).toBe(1);
      expect(r.out).toMatch(message);
    }
  });
});

describe('the DNS and certificate pre-flight', () => {
  // Route 53 and public DNS as the account and the internet answer them (aws and dig stubs), with
  // real bash, jq, sed and grep.
  const run = (answers: { zone?: boolean; ns?: string; caa?: Record<string, string> }) => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'dns-'));
    try {
      // Each answer is a file the dig stub prints: answers/<type> <name>.
      fs.mkdirSync(path.join(bin, 'answers'));
      const answer = (query: string, text: string) => fs.writeFileSync(path.join(bin, 'answers', query), `${text}\n`);
      answer('NS example.com', answers.ns ?? 'ns-2.awsdns-02.com.\nns-1.awsdns-01.org.');
      for (const [name, records] of Object.entries(answers.caa ?? {})) answer(`CAA ${name}`, records);
      fs.writeFileSync(path.join(bin, 'aws'), `#!/bin/bash\ncase "$*" in\n  "route53 list-hosted-zones-by-name"*) ${answers.zone === false ? 'echo None' : 'echo /hostedzone/Z123'} ;;\n  "route53 get-hosted-zone"*) echo '["ns-1.awsdns-01.org.", "ns-2.awsdns-02.com."]' ;;\nesac\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(bin, 'dig'), `#!/bin/bash\n# dig +short <type> <name>\nf="${bin}/answers/$2 $3"\n[[ -f "$f" ]] && cat "$f"\nexit 0\n`, { mode: 0o755 });
      const r = spawnSync('bash', ['snippets/preflight/dns.sh'], { cwd: afterConfigStep(), encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, HOME: bin } });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  };
  it('passes a delegated zone whose CAA records, found walking up from the access host, let Amazon issue both names', () => {
    expect(run({}).status).toBe(0);
    const zoneLevel = run({ caa: { 'example.com': '0 issue "amazon.com"\n0 issue "letsencrypt.org"' } });
    expect(zoneLevel.status, zoneLevel.out).toBe(0);
    expect(zoneLevel.out).toContain('ACM may issue for coder.example.com and *.coder.example.com');
    // Records at the access host itself win over the zone's.
    expect(run({ caa: { 'coder.example.com': '0 issue "amazontrust.com"', 'example.com': '0 issue "letsencrypt.org"' } }).status).toBe(0);
    // Issuer parameters, another case, the critical flag; an alias with no records of its own climbs on.
    for (const records of ['0 issue "amazon.com; cansignhttpexchanges=yes"', '128 issue "Amazon.com;"', '0 issue "letsencrypt.org"\n0 issue "amazon.com; accounturi=https://acm.example/1"']) {
      const r = run({ caa: { 'example.com': records } });
      expect(r.status, `${records}: ${r.out}`).toBe(0);
    }
    expect(run({ caa: { 'coder.example.com': 'lb.example.net.', 'example.com': '0 issue "letsencrypt.org"' } }).status).toBe(1);
  });
  it('refuses a zone that is missing or not delegated, and CAA records that shut Amazon out, naming where they are', () => {
    expect(run({ zone: false }).out).toContain('No public hosted zone example.com in this account');
    const undelegated = run({ ns: 'ns1.registrar.example.' });
    expect(undelegated.status).toBe(1);
    expect(undelegated.out).toMatch(/does not delegate example\.com to this hosted zone[\s\S]*ns1\.registrar\.example/);
    const parent = run({ caa: { 'example.com': '0 issue "letsencrypt.org"' } });
    expect(parent.status).toBe(1);
    expect(parent.out).toContain('CAA records at example.com do not let Amazon issue a certificate for coder.example.com');
    const wildcard = run({ caa: { 'example.com': '0 issue "amazon.com"\n0 issuewild ";"' } });
    expect(wildcard.status).toBe(1);
    expect(wildcard.out).toContain('CAA issuewild records at example.com do not let Amazon issue the wildcard *.coder.example.com');
  });
});
