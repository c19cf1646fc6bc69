/** A refused composition: one line per problem, each naming the file or flag, the field and the fix. */
export class LayerError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LayerError';
  }
}

/** A request the tool cannot act on as given (a flag, a version, an output directory): the CLI exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
