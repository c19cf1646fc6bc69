/**
 * The marker the diagrams stage of npm run build writes when it is done, and
 * the pages that show a diagram wait for (remark-await-diagrams.ts): `ok`, or
 * `failed: <message>`. Its own module, so the build script needs nothing else
 * from the remark side.
 */
export const DIAGRAMS_READY = 'ok';
