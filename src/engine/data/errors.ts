/** A dataset file that cannot be used, with enough location detail to find the fault in the file. */
export class DatasetError extends Error {
  readonly file: string;
  readonly offset?: number;
  readonly record?: number;
  readonly problem: string;

  constructor(file: string, problem: string, where: { offset?: number; record?: number } = {}) {
    const loc = [where.record !== undefined ? `record ${where.record}` : '', where.offset !== undefined ? `offset ${where.offset}` : '']
      .filter(Boolean)
      .join(', ');
    super(`${file}${loc ? ` (${loc})` : ''}: ${problem}`);
    this.name = 'DatasetError';
    this.file = file;
    this.offset = where.offset;
    this.record = where.record;
    this.problem = problem;
  }
}
