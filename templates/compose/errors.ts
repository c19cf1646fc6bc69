/** A refused composition: one line per problem, each naming the file or flag, the field and the fix. */
export class LayerError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LayerError';
  }
}
