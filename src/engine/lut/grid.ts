import { BLOCK_NAMES } from '../space/blocks';
import { allowedAt, numLayers, type Space } from '../space/space';
import type { IssueList } from './errors';

interface Cell {
  ms: number;
  line: number;
}

/** Collects cells as rows are read, catching conflicting duplicates with both lines named. */
export class CellGrid {
  readonly cells: (Cell | undefined)[][];
  readonly fixed = new Map<string, Cell>();
  constructor(
    readonly space: Space,
    private readonly issues: IssueList,
  ) {
    this.cells = Array.from({ length: numLayers(space) }, () => BLOCK_NAMES.map(() => undefined));
  }

  set(layer: number, block: number, ms: number, line: number, column?: string): void {
    const prev = this.cells[layer][block];
    if (prev && prev.ms !== ms) {
      this.issues.add(
        `conflicting duplicate for layer ${layer}, ${BLOCK_NAMES[block]}: ${fmt(ms)} ms here, ${fmt(prev.ms)} ms on line ${prev.line}`,
        line,
        column,
      );
      return;
    }
    if (!prev) this.cells[layer][block] = { ms, line };
  }

  setFixed(name: string, ms: number, line: number, column?: string): void {
    const prev = this.fixed.get(name);
    if (prev && prev.ms !== ms) {
      this.issues.add(
        `conflicting duplicate for fixed op "${name}": ${fmt(ms)} ms here, ${fmt(prev.ms)} ms on line ${prev.line}`,
        line,
        column,
      );
      return;
    }
    if (!prev) this.fixed.set(name, { ms, line });
  }

  /**
   * Missing cells of allowed blocks, one message per layer; `hint` adds what was looked for.
   * Skipped when rows already failed: their cells would be listed twice, once as a consequence.
   */
  reportMissing(hint?: { cell: (layer: number, block: number) => string; layer: (layer: number) => string }): void {
    if (this.issues.items.length) return;
    for (let l = 0; l < this.cells.length; l++) {
      const allowed = allowedAt(this.space, l).map((b) => BLOCK_NAMES.indexOf(b));
      const missing = allowed.filter((b) => !this.cells[l][b]);
      if (!missing.length) continue;
      if (hint && missing.length === allowed.length && allowed.length > 1) {
        this.issues.add(`layer ${l}: no latency for any allowed block (nothing in the table has its shape, ${hint.layer(l)})`);
        continue;
      }
      const names = missing.map((b) => (hint ? `${BLOCK_NAMES[b]} (${hint.cell(l, b)})` : BLOCK_NAMES[b]));
      this.issues.add(`layer ${l}: no latency for allowed block${names.length > 1 ? 's' : ''} ${names.join(', ')}`);
    }
  }

  layers(): (number | null)[][] {
    return this.cells.map((row) => row.map((c) => (c ? c.ms : null)));
  }

  fixedRecord(): Record<string, number> {
    return Object.fromEntries(Array.from(this.fixed, ([k, c]) => [k, c.ms] as const));
  }
}

export function fmt(ms: number): string {
  return String(Number(ms.toPrecision(6)));
}
