/** Ready-made search configs; the first is the studio default. */
import type { SearchConfigInput } from '../schemas';

export interface Preset {
  id: string;
  label: string;
  description: string;
  config: SearchConfigInput;
}

/** The network and data of the two laptop presets: they differ only in how they search. */
const LAPTOP: SearchConfigInput = {
  space: 'small',
  dataset: 'fashion-mnist',
  inputSize: 16,
  widthMultiplier: 0.25,
  headChannels: 64,
  trainSamples: 800,
  testSamples: 200,
  batchSize: 16,
  epochs: 6,
  samples: 5,
  seed: 1,
};

export const PRESETS: Preset[] = [
  {
    id: 'cpu-quick',
    label: 'Quick (CPU / wasm)',
    description:
      'A real FBNet search on the small layout that fits a laptop without a GPU: all nine blocks in all 22 layers, on ' +
      'Fashion-MNIST downscaled to 16×16 with channels ×0.25, a 64-channel head and batch 16 (800 images, 4 epochs). ' +
      'θ learns from the first steps: a held-out θ step after every 2 weight steps, τ annealed every step (×0.47 per epoch), ' +
      'and a target-latency loss CE·max(1, E[LAT]/T)^β with T at 0.6× the uniform E[LAT] of the table, so E[LAT] visibly ' +
      'falls to T and the layers sharpen within five minutes. The weights learn at 0.25, not 0.1: in the mixture each ' +
      'candidate gets only its share of the gradient. Chosen by measurement: npm run sweep.',
    config: {
      ...LAPTOP,
      epochs: 4,
      warmupEpochs: 0,
      schedule: 'interleaved',
      thetaEvery: 2,
      tauSchedule: 'step',
      tau0: 5,
      tauDecay: 0.47,
      lossForm: 'target',
      beta: 0.6,
      thetaLr: 0.35,
      wLr: 0.25,
    },
  },
  {
    id: 'paper',
    label: 'Paper schedule (CPU / wasm)',
    description:
      "The Quick preset's network and data with the paper's search recipe: warm-up, then each epoch trains w on 80 % " +
      "of the data and θ on the other 20 %, τ annealed once per epoch, and the paper's loss CE·α·(log LAT_µs)^β.",
    config: {
      ...LAPTOP,
      warmupEpochs: 1,
      schedule: 'epoch',
      lossForm: 'paper',
      tau0: 5,
      tauDecay: 0.7,
      thetaLr: 0.2,
    },
  },
  {
    id: 'gpu',
    label: 'Full (WebGPU)',
    description:
      'For a real GPU: Fashion-MNIST at its native 28×28, channels ×0.5, a 256-channel head, batch 64 and ' +
      "more data and epochs; the temperature schedule and learning rates are the paper's.",
    config: {
      space: 'small',
      dataset: 'fashion-mnist',
      inputSize: 28,
      widthMultiplier: 0.5,
      headChannels: 256,
      trainSamples: 10000,
      testSamples: 2000,
      batchSize: 64,
      epochs: 30,
      warmupEpochs: 5,
      samples: 5,
      seed: 1,
    },
  },
];

/** `default` names the studio's default preset (the first). */
export function presetById(id: string): Preset {
  const p = id === 'default' ? PRESETS[0] : PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown preset "${id}" (expected ${PRESETS.map((x) => x.id).join(', ')})`);
  return p;
}
