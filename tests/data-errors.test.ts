import { describe, expect, it } from 'vitest';
import { loadDatasetNode, readPathEntries } from '../src/cli/node-data';
import { DatasetError, detectFormat, loadDatasetFiles, peekDataset } from '../src/engine/data';

const FIX = 'tests/fixtures/data/bad';
const opts = { size: 8, trainSamples: 10, testSamples: 5, seed: 1 };

async function failure(run: () => Promise<unknown>): Promise<DatasetError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatasetError);
  return err as DatasetError;
}
const loadBad = (p: string) => failure(() => loadDatasetNode(`${FIX}/${p}`, opts));

describe('malformed files name the file, the place and the problem', () => {
  it('IDX with a wrong magic number', async () => {
    const e = await loadBad('idx-magic');
    expect(e.message).toBe(
      'idx-magic/train-images-idx3-ubyte (offset 0): wrong magic number 0x00000804 (2052): expected 2051 (IDX images) or 2049 (IDX labels)',
    );
  });

  it('IDX images cut short', async () => {
    const e = await loadBad('idx-truncated');
    expect(e).toMatchObject({ file: 'idx-truncated/train-images-idx3-ubyte', record: 10, offset: 16 + 10 * 64 });
    expect(e.message).toMatch(/truncated: the header declares 24 images of 8×8 \(1552 bytes\) but the file has 676 bytes/);
  });

  it('IDX images and labels that disagree in count', async () => {
    const e = await loadBad('idx-mismatch');
    expect(e.message).toBe(
      'idx-mismatch/train-images-idx3-ubyte: mismatched counts: 24 images but 23 labels in idx-mismatch/train-labels-idx1-ubyte',
    );
  });

  it('a CIFAR batch with a partial last record', async () => {
    const e = await loadBad('cifar-truncated');
    expect(e).toMatchObject({ file: 'cifar-truncated/data_batch_1.bin', record: 2, offset: 6146 });
    expect(e.message).toMatch(/truncated record: cifar-10 records are 3073 bytes, the file's 6246 bytes leave 100 over/);
  });

  it('a CIFAR-10 label beyond 9', async () => {
    const e = await loadBad('cifar-label');
    expect(e.message).toBe('cifar-label/test_batch.bin (record 1, offset 3073): label 12 is out of range for cifar-10 (0–9)');
  });

  it('a class folder without images', async () => {
    const e = await loadBad('folder-empty-class.zip');
    expect(e.message).toBe('pets/fish/: class folder has no images (PNG or JPEG)');
  });

  it('an image that does not decode', async () => {
    const e = await loadBad('folder-unreadable');
    expect(e.file).toBe('folder-unreadable/dog/1.png');
    expect(e.message).toMatch(/unreadable image \(/);
  });
});

describe('inputs that hold no dataset', () => {
  it('no files and empty files', async () => {
    expect((await failure(() => loadDatasetFiles([], opts))).message).toMatch(/empty input/);
    expect(() => detectFormat([{ name: 'a.bin', bytes: new Uint8Array(0) }])).toThrow(/a\.bin: empty input/);
  });

  it('files of no known format, and corrupt archives', async () => {
    const text = { name: 'notes.txt', bytes: new TextEncoder().encode('hello') };
    expect(() => detectFormat([text])).toThrow(/notes\.txt: unrecognised dataset in notes\.txt: expected IDX/);
    const gz = { name: 'x.gz', bytes: new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]) };
    expect((await failure(() => peekDataset([gz]))).message).toMatch(/^x\.gz: corrupt gzip data/);
  });

  it('images outside any class folder', async () => {
    const entries = await readPathEntries(`${FIX}/folder-unreadable/cat/1.png`);
    expect((await failure(() => loadDatasetFiles(entries, opts))).message).toBe(
      '1.png: image is not inside a class folder (expected <class>/<image>)',
    );
  });

  it('bad options are rejected before any work', async () => {
    await expect(loadDatasetNode('fashion-mnist', { ...opts, channels: 2 })).rejects.toThrow(/channels 2 must be 1 or 3/);
    await expect(loadDatasetNode('fashion-mnist', { ...opts, size: 0 })).rejects.toThrow(/size 0/);
    await expect(loadDatasetNode('tests/fixtures/data/nowhere', opts)).rejects.toThrow(/dataset path not found/);
  });
});
