/**
 * The artifacts lock (templates/artifacts.lock.yaml): the toolchain image
 * digests and EC2 base AMI ids a composition pins (Property 15).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { zodProblems } from './contract.js';
import { LayerError } from './layers.js';

export const LOCK_FILE = path.join('templates', 'artifacts.lock.yaml');

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const AMI = /^ami-[0-9a-f]{8,17}$/;

export const lockSchema = z.object({
  source: z.enum(['example', 'resolved']),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'),
  registry: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, 'a registry host with an optional path, such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/coder'),
  resolved_at: z.string().optional(),
  images: z.record(z.string().regex(/^[a-z0-9-]+@\S+$/, 'name@version'), z.string().regex(DIGEST, 'sha256:<64 hex digits>')),
  amis: z.record(z.string().regex(/^[a-z0-9-]+@\S+$/, 'name@version'), z.string().regex(AMI, 'ami-<8 to 17 hex digits>')),
});
export type ArtifactsLock = z.infer<typeof lockSchema>;

export function loadLock(rootDir: string): ArtifactsLock {
  const abs = path.join(rootDir, LOCK_FILE);
  if (!fs.existsSync(abs)) throw new LayerError([`${LOCK_FILE}: missing; run \`npm run compose -- resolve --registry <registry>\` to create it`]);
  const parsed = lockSchema.safeParse(parse(fs.readFileSync(abs, 'utf8')));
  if (!parsed.success) throw new LayerError(zodProblems(LOCK_FILE, parsed.error));
  return parsed.data;
}

export interface ResolvedArtifact {
  kind: 'container-image' | 'ami';
  /** What the base receives as image_id. */
  imageId: string;
  /** The lock entry it came from. */
  entry: string;
  source: ArtifactsLock['source'];
  region: string;
}

/**
 * The image of a toolchain on Kubernetes, or the AMI of an EC2 base: the lock entry of the first
 * of `versions` that has one (a release has exactly its own; a dev composition tries `<name>@dev`,
 * then the releases newest first, and provenance records which entry it took).
 */
export function resolveArtifact(lock: ArtifactsLock, kind: 'kubernetes' | 'ec2', toolchain: { name: string; versions: readonly string[]; repository: string }, base: { name: string; versions: readonly string[]; distribution?: string }): ResolvedArtifact {
  const dev = (versions: readonly string[]) => versions[0] === 'dev';
  if (kind === 'kubernetes') {
    const version = toolchain.versions.find((v) => `${toolchain.name}@${v}` in lock.images);
    if (version === undefined) {
      const entry = `${toolchain.name}@${toolchain.versions[0]}`;
      throw new LayerError([`${LOCK_FILE}: images."${entry}" is missing${dev(toolchain.versions) ? ' (and no release of it has an image)' : ''}: build and push its image (\`npm run compose -- build-args ${entry}\` prints the flags and the build context), then run \`npm run compose -- resolve\``]);
    }
    const entry = `${toolchain.name}@${version}`;
    return { kind: 'container-image', imageId: `${lock.registry}/${toolchain.repository}:${version}@${lock.images[entry]}`, entry, source: lock.source, region: lock.region };
  }
  // A base of contract 1.2 has an AMI per distribution: <base>@<version>/<distribution>.
  const key = (v: string) => `${base.name}@${v}${base.distribution ? `/${base.distribution}` : ''}`;
  const version = base.versions.find((v) => key(v) in lock.amis);
  if (version === undefined) {
    const entry = key(base.versions[0]!);
    throw new LayerError([`${LOCK_FILE}: amis."${entry}" is missing${dev(base.versions) ? ' (and no release of it has an AMI)' : ''}: run \`npm run compose -- resolve\` to read it from the base's SSM parameter${base.distribution ? ` for ${base.distribution}` : ''}`]);
  }
  const entry = key(version);
  return { kind: 'ami', imageId: lock.amis[entry]!, entry, source: lock.source, region: lock.region };
}
