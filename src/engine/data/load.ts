import type { Dataset } from './dataset';
import { Rng } from '../rng';
import { DatasetError } from './errors';
import type { ImageDecoder } from './images';
import { balancedSample, channelStats, gather, normalize, type Fit, type Normalization } from './preprocess';
import type { RawDataset } from './raw';

export interface LoadOptions {
  /** The space's input size: images are brought to size × size. */
  size: number;
  /** Defaults to the data's own channel count (the space adapts to the data). */
  channels?: number;
  trainSamples: number;
  testSamples: number;
  seed: number;
  onProgress?: (fraction: number, message: string) => void;
  decodeImage?: ImageDecoder;
  /** 'resize' (bilinear, default) stretches to the size; 'pad' centres smaller images on a zero canvas. */
  fit?: Fit;
}

/** What a loader returns: a Dataset plus where it came from and how it was normalised. */
export interface LoadedDataset extends Dataset {
  format: string;
  note?: string;
  normalization: Normalization;
  native: { size: number; channels: number };
}

export function checkOptions(o: LoadOptions): void {
  const bad = (what: string) => {
    throw new RangeError(`invalid load option: ${what}`);
  };
  if (!Number.isInteger(o.size) || o.size < 1) bad(`size ${o.size} must be a positive integer`);
  if (o.channels !== undefined && o.channels !== 1 && o.channels !== 3) bad(`channels ${o.channels} must be 1 or 3`);
  if (!Number.isInteger(o.trainSamples) || o.trainSamples < 1) bad(`trainSamples ${o.trainSamples} must be a positive integer`);
  if (!Number.isInteger(o.testSamples) || o.testSamples < 1) bad(`testSamples ${o.testSamples} must be a positive integer`);
}

/** Subsample, hold out a test part if the format has none, reshape, normalise with train statistics. */
export async function finishDataset(raw: RawDataset, opts: LoadOptions): Promise<LoadedDataset> {
  checkOptions(opts);
  if (raw.train.n === 0) throw new DatasetError(raw.name, 'empty input: no images');
  const notes: string[] = [];
  const trainRng = Rng.fromSeed(opts.seed, 0);
  const testRng = Rng.fromSeed(opts.seed, 1);
  let trainIdx: number[];
  let testIdx: number[];
  const testSplit = raw.test ?? raw.train;
  if (raw.test) {
    testIdx = balancedSample(raw.test.labels, opts.testSamples, testRng);
    trainIdx = balancedSample(raw.train.labels, opts.trainSamples, trainRng);
  } else {
    const total = raw.train.n;
    if (total < 2) throw new DatasetError(raw.name, `only ${total} image: need at least 2 to hold one out for testing`);
    const wanted = opts.trainSamples + opts.testSamples;
    const testN = total >= wanted ? opts.testSamples : Math.min(total - 1, Math.max(1, Math.round((total * opts.testSamples) / wanted)));
    testIdx = balancedSample(raw.train.labels, testN, testRng);
    trainIdx = balancedSample(raw.train.labels, opts.trainSamples, trainRng, new Set(testIdx));
    notes.push(`${raw.format} has no test part: held out ${testN} of ${total} images (class-balanced) for testing`);
  }
  if (trainIdx.length < opts.trainSamples) notes.push(`asked for ${opts.trainSamples} training samples, ${trainIdx.length} available`);
  if (testIdx.length < opts.testSamples) notes.push(`asked for ${opts.testSamples} test samples, ${testIdx.length} available`);

  const shape = { size: opts.size, channels: opts.channels ?? raw.channels, fit: opts.fit ?? 'resize' };
  const total = trainIdx.length + testIdx.length;
  const step = Math.max(1, Math.floor(total / 100));
  const progress = (offset: number, what: string) => (done: number) => {
    if (opts.onProgress && (done % step === 0 || done + offset === total)) {
      opts.onProgress((offset + done) / total, `${what} ${done} images`);
    }
  };
  opts.onProgress?.(0, `preparing ${raw.name}`);
  const tr = await gather(raw.train, trainIdx, shape, progress(0, 'prepared training'));
  const te = await gather(testSplit, testIdx, shape, progress(trainIdx.length, 'prepared test'));
  const normalization = channelStats(tr.pixels, shape.channels);
  return {
    name: raw.name,
    format: raw.format,
    size: shape.size,
    channels: shape.channels,
    numClasses: raw.numClasses,
    ...(raw.classNames ? { classNames: raw.classNames } : {}),
    train: normalize(tr.pixels, tr.labels, normalization),
    test: normalize(te.pixels, te.labels, normalization),
    normalization,
    native: { size: raw.size, channels: raw.channels },
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}
