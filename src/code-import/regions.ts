/**
 * Named regions in source files: `// #region name` … `// #endregion`, with the
 * comment leader of the file's language (`//`, `#`, `--`, `/*`, `<!--`).
 * A region may close with a bare `#endregion` or `#endregion name`; regions
 * may nest, and marker lines of inner regions are dropped from what is shown.
 */

const MARKER = /^\s*(?:\/\/|#|--|\/\*|<!--|;)\s*#(region|endregion)\b[ \t]*([\w.-]*)/;

export interface RegionMarker {
  kind: 'region' | 'endregion';
  name: string;
  /** 1-based line number. */
  line: number;
}

export function scanMarkers(content: string): RegionMarker[] {
  const markers: RegionMarker[] = [];
  content.split('\n').forEach((text, index) => {
    const match = MARKER.exec(text);
    if (match) markers.push({ kind: match[1] as RegionMarker['kind'], name: match[2] ?? '', line: index + 1 });
  });
  return markers;
}

/** Names of the regions a file declares, in order of appearance. */
export function listRegions(content: string): string[] {
  return scanMarkers(content)
    .filter((m) => m.kind === 'region')
    .map((m) => m.name);
}

export class RegionError extends Error {}

/**
 * The lines of region `name`, without marker lines, common indentation removed.
 * Throws a RegionError saying what is wrong and which regions the file has.
 */
export function extractRegion(content: string, name: string): string {
  const markers = scanMarkers(content);
  const starts = markers.filter((m) => m.kind === 'region' && m.name === name);
  if (starts.length === 0) {
    const known = listRegions(content);
    throw new RegionError(
      `region "${name}" not found (regions in this file: ${known.length ? known.join(', ') : 'none'})`,
    );
  }
  if (starts.length > 1) {
    throw new RegionError(`region "${name}" is declared ${starts.length} times (lines ${starts.map((s) => s.line).join(', ')}); region names must be unique in a file`);
  }
  const start = starts[0]!;
  // Find the matching #endregion, counting nested regions opened after the start.
  let depth = 0;
  let end: RegionMarker | undefined;
  for (const marker of markers) {
    if (marker.line <= start.line) continue;
    if (marker.kind === 'region') depth += 1;
    else if (depth === 0) {
      end = marker;
      break;
    } else depth -= 1;
  }
  if (!end) throw new RegionError(`region "${name}" opened on line ${start.line} has no #endregion`);
  if (end.name && end.name !== name) {
    throw new RegionError(`region "${name}" opened on line ${start.line} is closed by "#endregion ${end.name}" on line ${end.line}`);
  }
  const lines = content.split('\n').slice(start.line, end.line - 1).filter((line) => !MARKER.test(line));
  const body = dedent(lines);
  if (body.trim() === '') throw new RegionError(`region "${name}" (lines ${start.line}–${end.line}) is empty`);
  return body;
}

/** Lines `from`..`to` (1-based, inclusive); `to` defaults to the last line. Region markers are left out. */
export function extractLines(content: string, from: number, to: number | undefined): string {
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const last = to ?? lines.length;
  if (from < 1 || last < from) throw new RegionError(`line range L${from}-L${last} is empty or inverted`);
  if (last > lines.length) {
    throw new RegionError(`line range L${from}-L${last} runs past the end of the file (${lines.length} lines)`);
  }
  return dedent(lines.slice(from - 1, last).filter((line) => !MARKER.test(line)));
}

/** A whole file as a page shows it: region marker lines left out (they are the docs' bookkeeping, not code). */
export function withoutMarkers(content: string): string {
  return content
    .replace(/\n$/, '')
    .split('\n')
    .filter((line) => !MARKER.test(line))
    .join('\n');
}

export function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const out = lines.map((l) => l.slice(cut).trimEnd());
  while (out.length && out[0] === '') out.shift();
  while (out.length && out.at(-1) === '') out.pop();
  return out.join('\n');
}
