import { errorMessage } from '../../../engine/errors';
import {
  finishDataset,
  peekDataset,
  previewGrid,
  readDatasetFiles,
  readFashionMnist,
  type LoadedDataset,
  type LoadOptions,
  type RawDataset,
} from '../../../engine/data';
import { formatIssues, searchConfigSchema, type SearchConfig } from '../../../engine/schemas';
import type { Space } from '../../../engine/space/space';
import { resolveSpace } from '../../../engine/search';
import type { DatasetCommand, DatasetSource, DatasetSummary, WorkerMessage } from '../../../app/protocol';
import { servedSource } from '../../../../workers/assets';

/** Preview tiles per class, and the largest tile side (bigger images are shrunk for the preview). */
const PREVIEW_PER_CLASS = 6;
const PREVIEW_MAX_TILE = 40;

interface Active {
  id: string | null;
  raw: RawDataset;
  cached?: { key: string; data: LoadedDataset };
}

const countIn = (y: Int32Array, k: number) => {
  const c = new Array<number>(k).fill(0);
  y.forEach((l) => c[l]++);
  return c;
};

/**
 * The worker's datasets: the bundled Fashion-MNIST until an upload decodes without error, then
 * that upload. Kept at native resolution; each search start resizes and subsamples from it.
 */
export class DatasetHost {
  private active: Active | null = null;

  constructor(
    private readonly post: (m: WorkerMessage) => void,
    private readonly dataRoot: () => string,
  ) {}

  get name(): string {
    return this.active?.raw.name ?? 'fashion-mnist';
  }

  async nativeShape(): Promise<{ size: number; channels: number; numClasses: number }> {
    if (!this.active) return peekDataset('fashion-mnist');
    const { size, channels, numClasses } = this.active.raw;
    return { size, channels, numClasses };
  }

  async load(cmd: DatasetCommand): Promise<void> {
    const label = cmd.source.kind === 'bundled' ? 'fashion-mnist' : cmd.source.label;
    try {
      const parsed = searchConfigSchema.safeParse(cmd.config);
      if (!parsed.success) throw new Error(`the config is invalid (${formatIssues(parsed.error).join('; ')})`);
      const progress = (fraction: number, what: string) => this.post({ type: 'datasetProgress', requestId: cmd.requestId, fraction, what });
      const raw = await this.read(cmd.source, progress);
      const space = resolveSpace(parsed.data, raw);
      // Decodes every image the search will use, so a broken one is reported now, not at start.
      const data = await finishDataset(raw, {
        ...this.options(parsed.data, space),
        onProgress: (f, what) => progress(0.1 + 0.8 * f, what),
      });
      const previewSize = Math.min(raw.size, PREVIEW_MAX_TILE);
      const small = await finishDataset(raw, {
        size: previewSize,
        trainSamples: raw.numClasses * PREVIEW_PER_CLASS,
        testSamples: 1,
        seed: parsed.data.seed,
      });
      const preview = previewGrid(small, PREVIEW_PER_CLASS);
      const id = cmd.source.kind === 'files' ? cmd.source.id : null;
      this.active = { id, raw, cached: { key: this.key(this.options(parsed.data, space)), data } };
      this.post({ type: 'dataset', requestId: cmd.requestId, summary: this.summary(data, space), preview });
    } catch (err) {
      this.post({ type: 'datasetError', requestId: cmd.requestId, name: label, message: errorMessage(err) });
    }
  }

  /** The active dataset at the space's size and the config's sample counts; reused while those stay the same. */
  async forSearch(config: SearchConfig, space: Space, onProgress: LoadOptions['onProgress'], announce = true): Promise<LoadedDataset> {
    if (!this.active) this.active = { id: null, raw: await readFashionMnist(servedSource(this.dataRoot())) };
    const active = this.active;
    const opts = this.options(config, space);
    const key = this.key(opts);
    if (active.cached?.key === key) return active.cached.data;
    active.cached = undefined;
    const data = await finishDataset(active.raw, { ...opts, onProgress });
    active.cached = { key, data };
    if (announce) this.post({ type: 'dataset', requestId: -1, summary: this.summary(data, space), preview: null });
    return data;
  }

  private async read(source: DatasetSource, progress: (f: number, what: string) => void): Promise<RawDataset> {
    if (source.kind === 'bundled') {
      progress(0, 'reading fashion-mnist');
      return readFashionMnist(servedSource(this.dataRoot()));
    }
    const files = source.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
    const raw = await readDatasetFiles(files, { onProgress: (f, what) => progress(0.1 * f, what) });
    // Folder uploads are named after the picked folder; a lone archive after its file name.
    return raw.name === 'dataset' ? { ...raw, name: source.label } : raw;
  }

  private options(config: SearchConfig, space: Space): LoadOptions {
    return {
      size: space.inputSize,
      channels: space.inputChannels,
      trainSamples: config.trainSamples,
      testSamples: config.testSamples,
      seed: config.seed,
    };
  }

  private key(o: LoadOptions): string {
    return JSON.stringify([o.size, o.channels, o.trainSamples, o.testSamples, o.seed]);
  }

  private summary(data: LoadedDataset, space: Space): DatasetSummary {
    const raw = this.active!.raw;
    return {
      id: this.active!.id,
      name: data.name,
      format: data.format,
      native: { size: raw.size, channels: raw.channels, numClasses: raw.numClasses },
      classNames: Array.from({ length: raw.numClasses }, (_, k) => raw.classNames?.[k] ?? String(k)),
      available: { train: raw.train.n, test: raw.test?.n ?? null },
      trainCounts: countIn(data.train.y, data.numClasses),
      testCounts: countIn(data.test.y, data.numClasses),
      heldOut: !raw.test,
      ...(data.note ? { note: data.note } : {}),
      space: { inputSize: space.inputSize, inputChannels: space.inputChannels, numClasses: space.numClasses },
    };
  }
}
