/**
 * Versions of toolchains and bases (Property 17): semver, a release history
 * whose bumps match their changes (breaking → major, feature → minor,
 * security or fix → patch), and channels: `stable` (the default), `beta`
 * (pre-releases included) or a pinned exact version. Each release is a
 * reference to history: the commit holding its files and their content
 * digest, both recorded in the layer's releases.yaml; `dev` names the working
 * directory instead, which is never a release.
 */
import semver from 'semver';

export type ChangeType = 'breaking' | 'feature' | 'fix' | 'security';
export type Channel = 'stable' | 'beta';
export type BumpKind = 'major' | 'minor' | 'patch';

export interface Release {
  version: string;
  channel: Channel;
  date: string;
  /** sha256 over the released files, so files that are not the release's are found. */
  digest: string;
  /** The commit whose files are this release (templates/<layer> and the modules it bundles): full SHA. */
  commit: string;
  changes: Array<{ type: ChangeType; summary: string }>;
  /** Why the release must not be used (npm run compose -- withdraw): channels skip it, a pin to it is refused. */
  withdrawn?: string;
}

export const CHANGE_TYPES: readonly ChangeType[] = ['breaking', 'feature', 'fix', 'security'];

/** What a request names after the `@`: nothing or `stable`, `beta`, an exact version, or `dev` (the working directory). */
export type VersionSpec = { channel: Channel } | { pinned: string } | { dev: true };

/** A version exactly as semver writes it (no leading v, no spaces): 1.2.0 or 1.3.0-beta.1. */
export function isExactVersion(text: string): boolean {
  return /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(text) && semver.valid(text) === text;
}

const SEVERITY: Record<ChangeType, number> = { fix: 0, security: 0, feature: 1, breaking: 2 };
const BUMP_BY_SEVERITY: BumpKind[] = ['patch', 'minor', 'major'];

/** The bump a set of changes requires: security and fix changes alone are a patch. */
export function requiredBump(changes: Release['changes']): BumpKind {
  const severity = Math.max(0, ...changes.map((c) => SEVERITY[c.type]));
  return BUMP_BY_SEVERITY[severity]!;
}

/** The kind of bump from one stable version to the next, or null if it is not exactly one semver step. */
export function bumpKind(from: string, to: string): BumpKind | null {
  const a = semver.parse(from);
  const b = semver.parse(to);
  if (!a || !b || !semver.gt(b, a)) return null;
  if (b.major > a.major) return b.minor === 0 && b.patch === 0 ? 'major' : null;
  if (b.minor > a.minor) return b.patch === 0 ? 'minor' : null;
  return 'patch';
}

/** The spec after the `@`; throws a message naming what is allowed (the caller adds the layer and its releases). */
export function parseSpec(text: string | undefined): VersionSpec {
  // `name@` with nothing after it is a slip, not a request for stable.
  if (text === '') throw new Error('the version after @ is empty: write name@stable, name@beta, name@dev or name@<major.minor.patch>, or the name alone for stable');
  if (text === undefined || text === 'stable') return { channel: 'stable' };
  if (text === 'beta') return { channel: 'beta' };
  if (text === 'dev') return { dev: true };
  if (text === 'pinned') throw new Error('`@pinned` needs the version itself: name@<major.minor.patch>');
  if (!isExactVersion(text)) {
    const hint = semver.valid(semver.coerce(text)) && /^v?\d/.test(text) ? ` (did you mean ${semver.coerce(text, { includePrerelease: true })!.version}?)` : '';
    throw new Error(`"${text}" is neither a channel (stable, beta), dev, nor an exact semantic version such as 1.2.0${hint}`);
  }
  return { pinned: text };
}

/** Problems with a release history, one line each (empty when it is valid). */
export function releaseProblems(releases: readonly Release[]): string[] {
  const problems: string[] = [];
  if (releases.length === 0) return ['releases: the history is empty; add the first release'];
  let previousStable: Release | undefined;
  let highest: string | undefined;
  releases.forEach((release, i) => {
    const at = `releases[${i}] (${release.version})`;
    const parsed = semver.parse(release.version);
    if (!parsed) {
      problems.push(`${at}: "${release.version}" is not a semantic version (major.minor.patch[-prerelease])`);
      return;
    }
    const pre = parsed.prerelease.length > 0;
    if (pre && release.channel !== 'beta') problems.push(`${at}: a pre-release must be on the beta channel`);
    if (!pre && release.channel !== 'stable') problems.push(`${at}: a release without a pre-release tag belongs on the stable channel; tag it (${release.version}-beta.1) to publish it on beta`);
    if (release.changes.length === 0) problems.push(`${at}: list at least one change (type breaking, feature, fix or security)`);
    // Per channel: the stable line only has to grow over earlier stable releases, so a patch to
    // stable is allowed while a pre-release of a higher version exists (1.2.2 after 1.3.0-beta.1);
    // a pre-release must be greater than every earlier release (beta resolves to the highest).
    if (pre && highest && !semver.gt(release.version, highest)) {
      problems.push(`${at}: a pre-release must be greater than every release before it (the highest is ${highest}); list releases oldest first`);
    }
    if (!pre && previousStable && semver.valid(previousStable.version) && !semver.gt(release.version, previousStable.version)) {
      problems.push(`${at}: must be greater than the stable release before it (${previousStable.version}); list releases oldest first`);
    }
    if (!pre && previousStable && semver.gt(release.version, previousStable.version)) {
      const want = requiredBump(release.changes);
      const got = bumpKind(previousStable.version, release.version);
      if (got !== want) {
        const next = semver.inc(previousStable.version, want);
        problems.push(`${at}: its changes call for a ${want} bump from ${previousStable.version} (${next}), not ${got ?? 'this jump'}${want === 'patch' ? ': security and fix releases are patch versions' : ''}`);
      }
    }
    if (!pre) previousStable = release;
    if (!highest || semver.gt(release.version, highest)) highest = release.version;
  });
  return problems;
}

/**
 * The release a spec selects: the newest stable, the newest of all (beta), or the exact pinned one.
 * Channels skip withdrawn releases; a pin returns one as it is (the caller refuses it, naming why).
 */
export function resolveRelease(releases: readonly Release[], spec: { channel: Channel } | { pinned: string }): Release | undefined {
  if ('pinned' in spec) return releases.find((r) => r.version === spec.pinned);
  const candidates = releases.filter((r) => !r.withdrawn && (spec.channel === 'beta' || r.channel === 'stable'));
  return [...candidates].sort((a, b) => semver.rcompare(a.version, b.version))[0];
}
