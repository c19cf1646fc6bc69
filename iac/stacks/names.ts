/** Names the database stack creates and the Kubernetes side uses. */
export const CODER_DATABASE = 'coder';
export const CODER_DB_USER = 'coder';
