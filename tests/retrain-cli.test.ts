import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/train';
import { tf } from '../src/engine/runtime/tf';
import { archCost } from '../src/engine/space/costs';
import { archSchema } from '../src/engine/schemas';
import { makeSpace, numLayers } from '../src/engine/space/space';
import type { BlockName } from '../src/engine/space/blocks';
import { captureCli } from './cli-capture';

const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
  ort.env.wasm.numThreads = 1;
});

const cli = (...argv: string[]) => captureCli(run, argv);

const budget = ['--epochs', '2', '--train-samples', '40', '--test-samples', '20', '--batch-size', '8', '--backend', 'cpu'];

describe('train CLI', () => {
  it('retrains an arch.json made for other data and writes arch, tfjs model, ONNX model, PyTorch module and result', async () => {
    // Made for 3-channel, 5-class data: Fashion-MNIST has 1 channel and 10 classes.
    const space = makeSpace('small', { inputSize: 8, inputChannels: 3, numClasses: 5, widthMultiplier: 0.25, headChannels: 16 });
    const blocks = Array.from({ length: numLayers(space) }, (_, l) => (l % 3 ? 'skip' : 'k3_e1_g2') as BlockName);
    const archFile = join(dir, 'arch.json');
    writeFileSync(archFile, JSON.stringify({ format: 'fbnet-studio/arch@1', name: 'mine', space, blocks }));
    const out = join(dir, 'out');
    const { code, out: stdout, err } = await cli('--arch', archFile, ...budget, '--out', out, '--lut', 'pixel3-small');
    expect(code).toBe(0);
    expect(err).toMatch(/input channels 3 → 1, classes 5 → 10/);
    // stdout is machine-readable: exactly one JSON line; the epoch lines go to stderr.
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(err.split('\n').filter((l) => l.startsWith('epoch '))).toHaveLength(2);
    const summary = JSON.parse(lines[0]);
    const trainedSpace = { ...space, inputChannels: 1, numClasses: 10 };
    const cost = archCost(trainedSpace, blocks);
    expect(summary).toEqual({ testAccuracy: expect.any(Number), macs: cost.macs, params: cost.params });
    expect(summary.testAccuracy).toBeGreaterThanOrEqual(0);

    const arch = archSchema.parse(JSON.parse(readFileSync(join(out, 'arch.json'), 'utf8')));
    expect(arch.space).toEqual(trainedSpace);
    expect(arch.blocks).toEqual(blocks);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ format: 'fbnet-studio/retrain-result@1', testAccuracy: summary.testAccuracy, table: 'pixel3-small' });
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.history).toHaveLength(2);
    expect(result.inference.medianMs).toBeGreaterThan(0);

    const modelJson = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const bin = readFileSync(join(out, modelJson.weightsManifest[0].paths[0]));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      }),
    );
    const y = model.predict(tf.zeros([2, 8, 8, 1])) as tf.Tensor;
    expect(y.shape).toEqual([2, 10]);
    tf.dispose(y);

    // model.onnx runs in onnxruntime and gives the tfjs model's logits on the same NHWC input.
    const x = Float32Array.from({ length: 2 * 8 * 8 }, (_, i) => (i % 7) / 7);
    const session = await ort.InferenceSession.create(readFileSync(join(out, 'model.onnx')));
    const onnx = (await session.run({ image: new ort.Tensor('float32', x, [2, 8, 8, 1]) })).logits;
    await session.release();
    expect(onnx.dims).toEqual([2, 10]);
    const t = tf.tensor4d(x, [2, 8, 8, 1]);
    const want = model.predict(t) as tf.Tensor;
    const tfjsLogits = await want.data();
    tf.dispose([t, want]);
    const got = onnx.data as Float32Array;
    expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - tfjsLogits[i])))).toBeLessThan(1e-4);

    const py = readFileSync(join(out, 'model.py'), 'utf8');
    expect(py).toContain('class FBNet(nn.Module)');
    expect(py).toContain(`def __init__(self, num_classes=10)`);
    model.dispose();
  });

  it('trains a named reference net and refuses unknown names and bad numbers', async () => {
    const { code, err } = await cli('--arch', 'cheapest', ...budget, '--epochs', '1', '--out', join(dir, 'cheap'));
    expect(code).toBe(0);
    expect(err).toMatch(/cheapest in the cpu-quick preset's space/);
    expect(JSON.parse(readFileSync(join(dir, 'cheap', 'arch.json'), 'utf8')).blocks).toEqual(Array(22).fill('skip'));
    await expect(cli('--arch', 'no_such_net', ...budget, '--out', dir)).rejects.toThrow(/no architecture of that name.*fbnet_a/);
    await expect(cli('--arch', 'cheapest', ...budget, '--epochs', '0', '--out', dir)).rejects.toThrow(
      /--epochs must be a positive integer/,
    );
  });
});
