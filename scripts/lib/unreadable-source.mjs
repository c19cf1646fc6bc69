// The one line a source file that cannot be compiled is reported as (a truncated or mistyped
// profile, say), whether tsx met it (source-errors.mjs) or the compiled-bundle launcher did
// (run-compiled.mjs): the file, the line, what is wrong, and where to look.
export function unreadableSource(file, line, column, what) {
  return `${file}:${line}:${column}: cannot be read: ${what} (fix the file; if it is a profile under iac/config/profiles/, compare it with the configuration reference)\n`;
}
