// Preloaded by the npm scripts (tsx --import): a source file the TypeScript loader cannot
// transform (a truncated or mistyped profile, say) is reported as one line naming the file, the
// line and what is wrong, instead of esbuild's message and a stack. Other errors are left alone.
import { unreadableSource } from './unreadable-source.mjs';

process.on('uncaughtException', (error) => {
  const text = String(error && error.message);
  const first = /^Transform failed with \d+ errors?:\n(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(text);
  if (!first) {
    process.stderr.write(`${(error && error.stack) || text}\n`);
    process.exit(1);
  }
  const [, file, line, column, what] = first;
  process.stderr.write(unreadableSource(file, line, column, what));
  process.exit(1);
});
