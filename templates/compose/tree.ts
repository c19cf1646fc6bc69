/**
 * Writing a directory tree with ordinary modes: directories 0755, files
 * 0644 and scripts (.sh) 0755, whatever the umask (mkdtemp makes 0700).
 */
import fs from 'node:fs';
import path from 'node:path';

export function writeTree(dir: string, files: ReadonlyMap<string, string | Buffer>): void {
  for (const [rel, content] of files) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    fs.chmodSync(abs, rel.endsWith('.sh') ? 0o755 : 0o644);
  }
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) fs.chmodSync(path.join(entry.parentPath, entry.name), 0o755);
  }
}
