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

/** The image for a toolchain release on Kubernetes, or the AMI of an EC2 base release. */
export function resolveArtifact(lock: ArtifactsLock, kind: 'kubernetes' | 'ec2', toolchain: { name: string; version: string; repository: string }, base: { name: string; version: string }): ResolvedArtifact {
  if (kind === 'kubernetes') {
    const entry = `${toolchain.name}@${toolchain.version}`;
    const digest = lock.images[entry];
    if (!digest) throw new LayerError([`${LOCK_FILE}: images."${entry}" is missing: build and push the image from templates/${toolchain.name}/build, then run \`npm run compose -- resolve\``]);
    return { kind: 'container-image', imageId: `${lock.registry}/${toolchain.repository}:${toolchain.version}@${digest}`, entry, source: lock.source, region: lock.region };
  }
  const entry = `${base.name}@${base.version}`;
  const ami = lock.amis[entry];
  if (!ami) throw new LayerError([`${LOCK_FILE}: amis."${entry}" is missing: run \`npm run compose -- resolve\` to read it from the base's SSM parameter`]);
  return { kind: 'ami', imageId: ami, entry, source: lock.source, region: lock.region };
}
