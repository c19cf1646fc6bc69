/**
 * `npm run compose -- release <layer> <version> [--channel stable|beta]
 * --change type:summary…`: publishes the layer's last commit as a release.
 * Nothing is copied: the release, with the commit that holds its files and
 * their digest, is appended to the layer's releases.yaml (one atomic write),
 * and compose reads the files from that commit (layer-releases.ts). The
 * layer's changes are committed first, so HEAD holds exactly the released
 * files and is the commit recorded; the entry follows in the next commit
 * (a commit cannot name itself). Refused as well: a version
 * that exists (releases are immutable), a bump its changes do not call for
 * (Property 17: security and fix releases are patch versions), a pre-release
 * on stable or a release on beta without a pre-release tag, and content that
 * is already the newest stable release (content equal to an older release is
 * a revert, published as a new version). `withdraw` marks a release unusable.
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { parseDocument, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { writeFileAtomic } from './atomic.js';
import { releaseCommit, ReleaseHistoryError } from './git-history.js';
import { withHistoryLock } from './history-lock.js';
import { LayerError, UsageError } from './errors.js';
import { loadBase, loadReleases, loadToolchain, TEMPLATES_DIR } from './layers.js';
import { digestFiles, layerFiles, layerKind } from './layer-releases.js';
import { CHANGE_TYPES, isExactVersion, releaseProblems, type Channel, type ChangeType, type Release } from './versions.js';

export interface ReleaseRequest {
  layer: string;
  version: string;
  /** Defaults to beta for a pre-release (1.3.0-beta.1), stable otherwise. */
  channel?: Channel;
  changes: Release['changes'];
  /** ISO date recorded with the release. */
  date: string;
}

/** `--change type:summary` → a change, or a usage error naming the flag and the types. */
export function parseChange(text: string): Release['changes'][number] {
  const colon = text.indexOf(':');
  const type = colon < 0 ? '' : text.slice(0, colon).trim();
  const summary = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (!CHANGE_TYPES.includes(type as ChangeType) || !summary) {
    throw new UsageError(`--change "${text}": write type:summary with type one of ${CHANGE_TYPES.join(', ')}, for example --change security:"OpenSSL 3.0.15"`);
  }
  return { type: type as ChangeType, summary };
}

/** The versions each kind of change would need next, for messages. */
function nextVersions(releases: readonly Release[]): string {
  const stable = [...releases].filter((r) => r.channel === 'stable').sort((a, b) => semver.rcompare(a.version, b.version))[0];
  if (!stable) return 'any version for the first release';
  return `${semver.inc(stable.version, 'patch')} for a fix or security change, ${semver.inc(stable.version, 'minor')} for a feature, ${semver.inc(stable.version, 'major')} for a breaking change`;
}

export async function publishRelease(rootDir: string, request: ReleaseRequest): Promise<{ release: Release }> {
  const kind = layerKind(rootDir, request.layer);
  // From the read the checks run on to the write of the new history: one release at a time.
  return withHistoryLock(path.join(rootDir, TEMPLATES_DIR, request.layer, 'releases.yaml'), `release ${request.layer} ${request.version}`, () => publishUnderLock(rootDir, request, kind));
}

async function publishUnderLock(rootDir: string, request: ReleaseRequest, kind: ReturnType<typeof layerKind>): Promise<{ release: Release }> {
  const { layer: name, version } = request;
  if (!isExactVersion(version)) throw new UsageError(`${name} ${version}: not an exact semantic version; write it as 1.2.3 or 1.3.0-beta.1`);
  if (request.changes.length === 0) throw new UsageError(`release ${name} ${version}: say what changed with --change type:summary (type one of ${CHANGE_TYPES.join(', ')}), once per change`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.date)) throw new UsageError(`--date ${request.date}: write the date as YYYY-MM-DD`);

  // The working directory must load as the layer it claims to be before it is frozen.
  if (kind === 'toolchain') loadToolchain(rootDir, name);
  else await loadBase(rootDir, name);
  const { releases } = loadReleases(rootDir, name);
  const files = await layerFiles(rootDir, name, kind);
  const digest = digestFiles(files);

  const existing = releases.find((r) => r.version === version);
  if (existing) {
    throw new LayerError([
      existing.digest === digest
        ? `${name} ${version} is already released with exactly these files; nothing to do`
        : `${name} ${version} is already released, with other files (${existing.digest}); a release is immutable, so a change is a new version: ${nextVersions(releases)}`,
    ]);
  }
  const channel = request.channel ?? (semver.prerelease(version) ? 'beta' : 'stable');
  // Files equal to the newest stable release: nothing to release. Equal to an older one: a revert
  // (a rollback published as a new version), which is allowed.
  const newestStable = releases.filter((r) => r.channel === 'stable').sort((a, b) => semver.rcompare(a.version, b.version))[0];
  if (newestStable && newestStable.digest === digest) throw new LayerError([`templates/${name}/ holds exactly the files of ${name} ${newestStable.version}, the newest stable release; nothing changed to release`]);
  // A revert to a withdrawn release's files would publish again what was withdrawn.
  const withdrawn = releases.find((r) => r.withdrawn && r.digest === digest);
  if (withdrawn) throw new LayerError([`templates/${name}/ holds exactly the files of ${name} ${withdrawn.version}, which was withdrawn (${withdrawn.withdrawn}); releasing them again would bring that back: fix the files first`]);

  // What semver and the history allow, before anything about git: a wrong version is named first.
  const draft: Release = { version, channel, date: request.date, digest, commit: '', changes: request.changes };
  const history = [...releases, draft];
  const problems = releaseProblems(history)
    .filter((p) => p.startsWith(`releases[${history.length - 1}]`))
    .map((p) => `release ${name} ${version}: ${p.slice(p.indexOf(': ') + 2)}`);
  if (problems.length) throw new LayerError(problems);

  // The commit that holds these files: HEAD, with the layer committed first.
  let commit: string;
  try {
    commit = releaseCommit(rootDir, [...new Set([...files.keys()].map((f) => f.split('/')[0]!))].sort(), digest, `release ${name} ${version}`);
  } catch (error) {
    if (error instanceof ReleaseHistoryError) throw new LayerError([error.message]);
    throw error;
  }
  const release: Release = { ...draft, commit };

  const releasesFile = path.join(rootDir, TEMPLATES_DIR, name, 'releases.yaml');
  const doc = parseDocument(fs.readFileSync(releasesFile, 'utf8'));
  const node = doc.createNode(release) as YAMLMap;
  for (const change of (node.get('changes') as YAMLSeq<YAMLMap>).items) {
    change.flow = true;
    (change.get('summary', true) as Scalar).type = 'QUOTE_DOUBLE';
  }
  (doc.get('releases') as YAMLSeq).add(node);

  writeFileAtomic(releasesFile, doc.toString({ lineWidth: 0 }));
  return { release };
}

/**
 * `npm run compose -- withdraw <layer> <version> --reason …`: marks a release withdrawn in its
 * releases.yaml. Its entry and commit stay (history is immutable, and the drift check still verifies them),
 * but the channels skip it and composing a pin to it is refused with the reason.
 */
export async function withdrawRelease(rootDir: string, layer: string, version: string, reason: string): Promise<Release> {
  layerKind(rootDir, layer);
  if (!reason.trim()) throw new UsageError(`withdraw ${layer} ${version}: say why with --reason "…" (it is shown to anyone who pins the release)`);
  return withHistoryLock(path.join(rootDir, TEMPLATES_DIR, layer, 'releases.yaml'), `withdraw ${layer} ${version}`, () => withdrawUnderLock(rootDir, layer, version, reason));
}

function withdrawUnderLock(rootDir: string, layer: string, version: string, reason: string): Release {
  const { releases } = loadReleases(rootDir, layer);
  const release = releases.find((r) => r.version === version);
  if (!release) throw new UsageError(`withdraw ${layer} ${version}: no such release; its releases: ${releases.map((r) => r.version).join(', ')}`);
  if (release.withdrawn) throw new LayerError([`${layer} ${version} is already withdrawn: ${release.withdrawn}`]);
  const releasesFile = path.join(rootDir, TEMPLATES_DIR, layer, 'releases.yaml');
  const doc = parseDocument(fs.readFileSync(releasesFile, 'utf8'));
  const node = (doc.get('releases') as YAMLSeq<YAMLMap>).items.find((item) => String(item.get('version')) === version)!;
  node.set('withdrawn', doc.createNode(reason.trim()));
  (node.get('withdrawn', true) as Scalar).type = 'QUOTE_DOUBLE';
  writeFileAtomic(releasesFile, doc.toString({ lineWidth: 0 }));
  return { ...release, withdrawn: reason.trim() };
}
