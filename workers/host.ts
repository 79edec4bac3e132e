/**
 * What the worker's features share: the tfjs backend (chosen by 'init'), the served asset paths,
 * the active latency table and the data. The host knows no feature; each feature's worker module
 * registers its commands with the router and fills in the service it provides here.
 */
import type { AssetPaths, BackendName, Command, WorkerMessage } from '../src/app/protocol';
import type { LoadedDataset, LoadOptions } from '../src/engine/data';
import type { LatencyTable } from '../src/engine/lut/latency';
import type { SearchConfig } from '../src/engine/schemas';
import type { Space } from '../src/engine/space/space';
import { resolveSpace } from '../src/engine/search';
import { selectBackend } from './backend-select';

/** The active latency table (tables feature). */
export interface TableService {
  active(): LatencyTable | null;
  /** A table was loaded (bundled or CSV) for the next search. */
  hasSource(): boolean;
  /** The table the next search runs on, parsed against its space; throws when none is active. */
  readActive(space: Space): Promise<LatencyTable>;
  /** A search restored from a checkpoint brings its own table. */
  /** A restored search's table becomes the active one (an uploaded table included), and the page hears of it. */
  adopt(table: LatencyTable, space: Space): void;
  bundled(id: string, space: Space): Promise<{ table: LatencyTable }>;
}

/** The active dataset (datasets feature). */
export interface DataService {
  readonly name: string;
  nativeShape(): Promise<{ size: number; channels: number; numClasses: number }>;
  /** `announce`: the page's dataset panel describes what the search uses; a retrain's own subset is not that. */
  forSearch(config: SearchConfig, space: Space, onProgress: LoadOptions['onProgress'], announce?: boolean): Promise<LoadedDataset>;
}

/** The running search, as the table service sees it: a new table applies at its next step. */
export interface LiveSearch {
  readonly space: Space;
  setTable(table: LatencyTable): void;
}

export class WorkerHost {
  assets: AssetPaths = { wasm: '', data: '', luts: '' };
  private ready: Promise<boolean> = Promise.resolve(false);
  /** A start waits on the backend: an 'auto' probe still running stops measuring. */
  searchWaiting = false;
  tables!: TableService;
  data!: DataService;
  /** Filled in by the search feature. */
  searching: () => boolean = () => false;
  liveSearch: () => LiveSearch | null = () => null;
  private readonly blockers: (() => string | null)[] = [];
  private readonly backendListeners: ((active: BackendName) => void)[] = [];

  constructor(readonly post: (m: WorkerMessage) => void) {}

  init(cmd: Extract<Command, { type: 'init' }>): void {
    this.assets = cmd.assets;
    this.ready = this.selectBackend(cmd);
  }

  private async selectBackend(cmd: Extract<Command, { type: 'init' }>): Promise<boolean> {
    this.searchWaiting = false;
    const sel = await selectBackend(cmd.backend, cmd.assets.wasm, cmd.exclude, () => this.searchWaiting);
    this.post({ type: 'backend', requested: cmd.backend, ...sel });
    if (sel.active) for (const listener of this.backendListeners) listener(sel.active);
    if (!sel.active)
      this.post({
        type: 'error',
        message: `no tfjs backend could be initialised (${sel.attempts.map((a) => `${a.name}: ${a.error}`).join('; ')})`,
      });
    return sel.active != null;
  }

  backendReady(): Promise<boolean> {
    return this.ready;
  }

  onBackend(listener: (active: BackendName) => void): void {
    this.backendListeners.push(listener);
  }

  /** A feature's reason a search may not start now (it holds the backend or the data), or null. */
  addStartBlocker(blocker: () => string | null): void {
    this.blockers.push(blocker);
  }

  startBlocker(): string | null {
    for (const blocker of this.blockers) {
      const reason = blocker();
      if (reason) return reason;
    }
    return null;
  }

  async resolveSpace(config: SearchConfig): Promise<Space> {
    return resolveSpace(config, await this.data.nativeShape());
  }
}
