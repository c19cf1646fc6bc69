/**
 * `npm run compose -- resolve`: fills templates/artifacts.lock.yaml for one
 * account and region with the real AWS SDK: ECR for the digest of each
 * toolchain image the compositions run on Kubernetes (tag = toolchain
 * version), SSM public parameters for the AMI of each EC2 base they use.
 * The lock is written whole or not at all.
 */
import path from 'node:path';
import { DescribeImagesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { stringify } from 'yaml';
import { LOCK_FILE, lockSchema, type ArtifactsLock } from './artifacts.js';
import { loadCompositions } from './all.js';
import { loadBase, loadToolchain, LayerError } from './layers.js';
import { resolveLayer } from './layer-releases.js';
import { compositionDistribution, distributionChoices } from './distribution.js';
import { writeFileAtomic } from './atomic.js';

export interface ResolveOptions {
  registry: string;
  region: string;
  ecr: ECRClient;
  ssm: SSMClient;
  /** ISO date recorded in the lock. */
  today: string;
}

/** The registry's account id and repository prefix: <account>.dkr.ecr.<region>.amazonaws.com/<prefix>. */
export function parseRegistry(registry: string, region: string): { registryId: string; prefix: string } {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\/(.+))?$/.exec(registry);
  if (!m) throw new LayerError([`--registry ${registry}: expected <account>.dkr.ecr.<region>.amazonaws.com[/<prefix>]`]);
  if (m[2] !== region) throw new LayerError([`--registry ${registry}: the registry is in ${m[2]}, the deployment in ${region}; workspaces pull from their own region`]);
  return { registryId: m[1]!, prefix: m[3] ?? '' };
}

export async function resolveLock(rootDir: string, options: ResolveOptions): Promise<ArtifactsLock> {
  const { registryId, prefix } = parseRegistry(options.registry, options.region);
  const images: Record<string, string> = {};
  const amis: Record<string, string> = {};
  const problems: string[] = [];
  for (const c of Object.values(loadCompositions(rootDir))) {
    // The same resolution compose does: channels and pins name the release whose artifact is locked.
    const t = await resolveLayer(rootDir, c.toolchain, 'toolchain');
    const b = await resolveLayer(rootDir, c.base, 'base');
    const toolchain = loadToolchain(rootDir, t.name, t.source);
    const base = await loadBase(rootDir, b.name, b.source);
    const toolchainVersion = t.version;
    const baseVersion = b.version;
    if (base.kind === 'kubernetes') {
      const entry = `${toolchain.manifest.name}@${toolchainVersion}`;
      if (entry in images) continue;
      const repositoryName = [prefix, toolchain.manifest.image.repository].filter(Boolean).join('/');
      try {
        const out = await options.ecr.send(new DescribeImagesCommand({ registryId, repositoryName, imageIds: [{ imageTag: toolchainVersion }] }));
        const digest = out.imageDetails?.[0]?.imageDigest;
        if (!digest) throw new Error('no image details returned');
        images[entry] = digest;
      } catch (error) {
        const name = (error as { name?: string }).name;
        const hint = name === 'RepositoryNotFoundException' || name === 'ImageNotFoundException' ? `build ${toolchain.dir}/${toolchain.manifest.image.definition} and push it as ${options.registry}/${toolchain.manifest.image.repository}:${toolchainVersion}` : 'check the credentials and the registry';
        problems.push(`${entry}: ECR ${repositoryName}:${toolchainVersion}: ${(error as Error).message} (${hint})`);
      }
    } else {
      // The AMI of the distribution the composition runs, or of each one its owner may pick
      // (compose chooses them the same way).
      const setting = toolchain.required.find((r) => r.name === 'os-distribution')?.value ?? c.overrides?.os_distribution;
      const distribution = compositionDistribution(base, toolchain.manifest, setting);
      const settings = Object.fromEntries([...toolchain.required.map((r) => [r.name, r.value]), ...(c.enable ?? []).map((e) => [e, true])]);
      const wanted = [...new Set([distribution, ...distributionChoices(base, setting, settings)])];
      for (const d of wanted) {
        const entry = `${base.name}@${baseVersion}${d ? `/${d}` : ''}`;
        if (entry in amis) continue;
        const parameter = d ? base.amiParameters[d] : Object.values(base.amiParameters)[0];
        if (!parameter) {
          problems.push(`${entry}: templates/${base.name}/releases.yaml names no AMI parameter for ${d ?? 'it'} (ami_parameters)`);
          continue;
        }
        try {
          const out = await options.ssm.send(new GetParameterCommand({ Name: parameter }));
          const ami = out.Parameter?.Value ?? '';
          if (!/^ami-[0-9a-f]{8,17}$/.test(ami)) throw new Error(`the parameter holds "${ami}", not an AMI id`);
          amis[entry] = ami;
        } catch (error) {
          problems.push(`${entry}: SSM ${parameter}: ${(error as Error).message}`);
        }
      }
    }
  }
  if (problems.length) throw new LayerError(problems);
  return lockSchema.parse({ source: 'resolved', region: options.region, registry: options.registry, resolved_at: options.today, images, amis });
}

export function writeLock(rootDir: string, lock: ArtifactsLock): void {
  const abs = path.join(rootDir, LOCK_FILE);
  const header = `# Resolved by \`npm run compose -- resolve\` on ${lock.resolved_at ?? 'an unknown date'}: image digests from ECR,\n# AMI ids from the bases' SSM parameters. Compose again (npm run compose -- all) to pin them.\n`;
  writeFileAtomic(abs, header + stringify(lock));
}
