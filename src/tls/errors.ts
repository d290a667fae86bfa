/** Bad input from a person: every problem names the value seen and what to do. */
export class TlsTestInputError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'TlsTestInputError';
    this.problems = problems;
  }
}
