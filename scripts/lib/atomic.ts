/** Atomic file writes, for the scripts: the one implementation lives beside compose, which needs it too (and must not import from scripts/). */
export { writeFileAtomic } from '../../templates/compose/atomic.js';
