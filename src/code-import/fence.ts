/**
 * The fence syntax of the guide's code imports, in a code block's meta string:
 *
 *   ```ts file=<rootDir>/iac/stacks/state-stack.ts region=state-stack
 *   ```hcl file=<rootDir>/templates/base-k8s/main.tf#L10-L24
 *   ```yaml file=<rootDir>/generated/helm/coder-values.yaml
 *   ```console sample-output          ← shown as is: a sample of what a command prints
 *
 * `file=` takes a path that starts with `<rootDir>/` (the repository root) or is
 * relative to the page. `#Lx-Ly` selects lines (remark-code-import does the
 * slicing); `region=` selects a named region (this project's remark plugin).
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractLines, extractRegion, RegionError, withoutMarkers } from './regions.js';

/** Languages whose blocks must be imported: code the reader would run or apply. */
export const GUARDED_LANGS = new Set([
  'ts', 'typescript', 'tsx', 'js', 'javascript', 'jsx', 'mjs',
  'hcl', 'terraform', 'tf',
  'yaml', 'yml', 'json', 'jsonc',
  'bash', 'sh', 'shell', 'zsh', 'console', 'shell-session',
]);

/** The fence flag that marks a block as sample output rather than code. */
export const SAMPLE_FLAG = 'sample-output';

export interface ImportSpec {
  /** The path as written, `<rootDir>/…` or page-relative. */
  rawPath: string;
  from?: number;
  to?: number;
  region?: string;
}

function metaTokens(meta: string | null | undefined): string[] {
  return (meta ?? '').split(/(?<!\\)\s+/).filter(Boolean);
}

export function hasSampleFlag(meta: string | null | undefined): boolean {
  return metaTokens(meta).includes(SAMPLE_FLAG);
}

export class ImportSyntaxError extends Error {}

/** Parses `file=`/`region=` out of a meta string; null when the block imports nothing. */
export function parseImportMeta(meta: string | null | undefined): ImportSpec | null {
  const tokens = metaTokens(meta);
  const file = tokens.find((t) => t.startsWith('file='));
  const region = tokens.find((t) => t.startsWith('region='))?.slice('region='.length);
  if (!file) {
    if (region !== undefined) throw new ImportSyntaxError(`region=${region} needs a file=… beside it`);
    return null;
  }
  const match = /^file=(?<path>[^#]+?)(?:#L(?<from>\d+)(?:-L(?<to>\d+)|(?<open>-))?)?$/.exec(file);
  if (!match?.groups?.path) {
    throw new ImportSyntaxError(`cannot parse "${file}": write file=<rootDir>/path/to/file, optionally #L10-L20, or add region=name`);
  }
  const spec: ImportSpec = { rawPath: match.groups.path.replace(/\\ /g, ' ') };
  if (match.groups.from) {
    spec.from = Number(match.groups.from);
    spec.to = match.groups.to ? Number(match.groups.to) : match.groups.open ? undefined : spec.from;
  }
  if (region !== undefined) {
    if (!/^[\w.-]+$/.test(region)) throw new ImportSyntaxError(`region name "${region}" may only hold letters, digits, "_", "." and "-"`);
    if (spec.from !== undefined) throw new ImportSyntaxError('use either a line range (#L…) or region=, not both');
    spec.region = region;
  }
  return spec;
}

/** The absolute path an import points to; throws when it leaves the repository. */
export function resolveImportPath(spec: ImportSpec, docPath: string, rootDir: string): string {
  const abs = spec.rawPath.startsWith('<rootDir>')
    ? path.join(rootDir, spec.rawPath.slice('<rootDir>'.length))
    : path.resolve(path.dirname(docPath), spec.rawPath);
  const rel = path.relative(rootDir, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new ImportSyntaxError(`"${spec.rawPath}" points outside the repository`);
  }
  return abs;
}

export interface ResolvedImport {
  absPath: string;
  /** Repository-relative path, with forward slashes. */
  relPath: string;
  code: string;
}

export class ImportError extends Error {}

/** Resolves an import to the code it shows. Errors say which file and what to fix. */
export function resolveImport(spec: ImportSpec, docPath: string, rootDir: string): ResolvedImport {
  const absPath = resolveImportPath(spec, docPath, rootDir);
  const relPath = path.relative(rootDir, absPath).split(path.sep).join('/');
  if (!fs.existsSync(absPath) || !fs.statSync(absPath).isFile()) {
    throw new ImportError(`imported file ${relPath} does not exist: fix the path in file=… or restore the file`);
  }
  const content = fs.readFileSync(absPath, 'utf8');
  try {
    let code: string;
    if (spec.region !== undefined) code = extractRegion(content, spec.region);
    else if (spec.from !== undefined) code = extractLines(content, spec.from, spec.to);
    else code = withoutMarkers(content);
    return { absPath, relPath, code };
  } catch (error) {
    if (error instanceof RegionError) {
      const hint = spec.region !== undefined
        ? `; fix region=${spec.region} or mark the region in ${relPath} with "#region ${spec.region}" … "#endregion"`
        : '';
      throw new ImportError(`${relPath}: ${error.message}${hint}`);
    }
    throw error;
  }
}
