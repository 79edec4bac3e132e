import type { LutIssue } from '../protocol';

/** File problems, each with the line (and column) it was found at. */
export function IssueList({ issues, max = 6 }: { issues: LutIssue[]; max?: number }) {
  if (!issues.length) return null;
  const where = (i: LutIssue) =>
    [i.line != null ? `line ${i.line}` : '', i.column != null ? `column ${i.column}` : ''].filter(Boolean).join(' ');
  return (
    <ul style={{ margin: '4px 0 0', paddingLeft: 16 }}>
      {issues.slice(0, max).map((i, k) => (
        <li key={k}>
          {where(i) ? `${where(i)}: ` : ''}
          {i.message}
        </li>
      ))}
      {issues.length > max && <li>… {issues.length - max} more</li>}
    </ul>
  );
}
