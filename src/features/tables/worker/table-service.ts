import type { Command, TableSource } from '../../../app/protocol';
import { errorMessage } from '../../../engine/errors';
import type { LatencyTable } from '../../../engine/lut/latency';
import { findBundled, parseBundled } from '../../../engine/lut/bundled';
import { TableError } from '../../../engine/lut/errors';
import { parseLatencyTable } from '../../../engine/lut/parse';
import { formatIssues, searchConfigSchema } from '../../../engine/schemas';
import type { Space } from '../../../engine/space/space';
import { fetchText } from '../../../../workers/assets';
import type { TableService, WorkerHost } from '../../../../workers/host';

/** The worker's active latency table: the last one 'loadTable' parsed without error (or a restored search's). */
export class ActiveTable implements TableService {
  private source: TableSource | null = null;
  private table: LatencyTable | null = null;
  /** A restored search's table, active until another is loaded. */
  private adopted: LatencyTable | null = null;

  constructor(private readonly host: WorkerHost) {}

  active(): LatencyTable | null {
    return this.table;
  }

  hasSource(): boolean {
    return this.source != null || this.adopted != null;
  }

  async readActive(space: Space): Promise<LatencyTable> {
    if (this.adopted) return this.adopted;
    if (!this.source) throw new Error('no latency table is active');
    const { table } = await this.read(this.source, space);
    this.table = table;
    return table;
  }

  adopt(table: LatencyTable, space: Space): void {
    const changed = this.table?.name !== table.name;
    this.table = table;
    // The next search starts from this table too: a restored run's upload is not in any source.
    this.adopted = table;
    if (!changed) return;
    this.host.post({
      type: 'table',
      requestId: 0,
      source: 'csv',
      table,
      space,
      warnings: [],
      format: 'checkpoint',
      shapesMatch: true,
      appliedToRun: false,
    });
  }

  bundled(id: string, space: Space) {
    return this.read({ kind: 'bundled', id }, space);
  }

  private async read(source: TableSource, space: Space) {
    if (source.kind === 'csv') return parseLatencyTable(source.text, space, { name: source.name });
    const entry = findBundled(source.id);
    if (!entry) throw new TableError([{ message: `“${source.id}” is not a bundled table` }]);
    return parseBundled(entry, await fetchText(`${this.host.assets.luts}${entry.file}`), space);
  }

  /** Parses a table against the space `config` resolves to; during a run it also replaces the run's table. */
  async load(cmd: Extract<Command, { type: 'loadTable' }>): Promise<void> {
    const post = this.host.post;
    const name = cmd.source.kind === 'csv' ? cmd.source.name : cmd.source.id;
    const live = this.host.liveSearch();
    try {
      const config = searchConfigSchema.safeParse(cmd.config);
      if (!live && !config.success) throw new Error(`the config is invalid (${formatIssues(config.error).join('; ')})`);
      const space = live ? live.space : await this.host.resolveSpace(config.data!);
      const parsed = await this.read(cmd.source, space);
      if (live) live.setTable(parsed.table);
      this.source = cmd.source;
      this.adopted = null;
      this.table = parsed.table;
      post({
        type: 'table',
        requestId: cmd.requestId,
        source: cmd.source.kind,
        table: parsed.table,
        space,
        warnings: parsed.warnings,
        format: String(parsed.format),
        shapesMatch: parsed.shapesMatch,
        appliedToRun: live != null,
      });
      post({ type: 'tableMapping', requestId: cmd.requestId, mapping: parsed.mapping, shapesMatch: parsed.shapesMatch });
    } catch (err) {
      const issues = err instanceof TableError ? err.issues : [];
      post({ type: 'tableError', requestId: cmd.requestId, name, message: errorMessage(err), issues });
    }
  }
}
