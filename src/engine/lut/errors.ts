/** Tables come from users' files: cap the size before parsing so a wrong file fails fast instead of hanging the worker. */
export const MAX_TABLE_BYTES = 5 * 1024 * 1024;

export interface TableIssue {
  /** 1-based line in the file, when the problem has one. */
  line?: number;
  /** Column name as written in the header. */
  column?: string;
  message: string;
}

/** Listing every issue would bury the first ones; the full list stays on `issues`. */
const MAX_LISTED = 40;

export function formatIssue(i: TableIssue): string {
  const where = [i.line != null ? `line ${i.line}` : '', i.column != null ? `column "${i.column}"` : ''].filter(Boolean).join(', ');
  return where ? `${where}: ${i.message}` : i.message;
}

export class TableError extends Error {
  readonly issues: TableIssue[];
  constructor(issues: TableIssue[], what = 'latency table') {
    const listed = issues.slice(0, MAX_LISTED).map(formatIssue);
    if (issues.length > MAX_LISTED) listed.push(`… and ${issues.length - MAX_LISTED} more`);
    super(`invalid ${what}:\n  ${listed.join('\n  ')}`);
    this.name = 'TableError';
    this.issues = issues;
  }
}

/** Collects issues while parsing so one run reports every bad line, not only the first. */
export class IssueList {
  readonly items: TableIssue[] = [];
  add(message: string, line?: number, column?: string): void {
    this.items.push({ line, column, message });
  }
  throwIfAny(what?: string): void {
    if (this.items.length) throw new TableError(this.items, what);
  }
}
