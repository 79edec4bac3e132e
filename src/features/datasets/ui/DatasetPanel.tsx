import './datasets.css';
import { currentConfig } from '../../search/current-config';
import { chooseBundled, uploadDataset } from '../actions';
import { useDatasets, useStudio } from '../../../app/store';
import type { DatasetSummary } from '../protocol';
import { DatasetPreview } from './DatasetPreview';
import { SavedDatasets } from './SavedDatasets';
import { searchActive } from '../../search/status';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function splitText(d: DatasetSummary): string {
  const used = `the search uses ${sum(d.trainCounts)} training and ${sum(d.testCounts)} test images`;
  if (d.heldOut) return `${used}; the test images are held out of the ${d.available.train} images (the files have no test part)`;
  return `${used}, from ${d.available.train} training and ${d.available.test} test images in the files`;
}

/** The space takes channels and classes from the data; the input size is the config's when set. */
function adaptedText(d: DatasetSummary): string {
  const size = currentConfig().inputSize ?? d.native.size;
  const resize = size === d.native.size ? 'the images’ own size' : `images resized from ${d.native.size}×${d.native.size}`;
  return `space adapted: ${plural(d.native.channels, 'input channel')}, ${plural(d.native.numClasses, 'class', 'classes')}, input ${size}×${size} (${resize})`;
}

export function DatasetPanel() {
  const { active, preview, loading, failure, storageProblem } = useDatasets();
  const status = useStudio((s) => s.status);
  useStudio((s) => s.overrides); // the adapted input size follows config edits
  useStudio((s) => s.presetId);
  const busy = searchActive(status);
  const pick = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    uploadDataset(files);
  };
  return (
    <section className="card" data-testid="dataset-panel">
      <h2>Dataset</h2>
      <div className="row">
        <button type="button" disabled={busy || (active != null && active.id == null)} onClick={chooseBundled}>
          Fashion-MNIST (bundled)
        </button>
      </div>
      <div className="fields" style={{ marginTop: 8 }}>
        <label className="field">
          Files or archive
          <input type="file" multiple aria-label="Dataset files" disabled={busy} onChange={(e) => pick(e.target)} />
        </label>
        <label className="field">
          Image folder
          <input
            type="file"
            aria-label="Dataset folder"
            disabled={busy}
            ref={(el) => el?.setAttribute('webkitdirectory', '')}
            onChange={(e) => pick(e.target)}
          />
        </label>
      </div>
      <p className="hint">
        IDX image + label files (train and/or t10k, raw or .gz), CIFAR-10/100 binary batches or their .tar.gz, or a folder with one
        sub-folder of PNG/JPEG images per class (or a .zip of it; train/ and test/ folders are used as the split). Decoded in the search
        worker; kept in this browser.
      </p>
      {loading && (
        <div data-testid="dataset-progress" className="small" style={{ marginTop: 6 }}>
          Loading {loading.label}: {loading.what}
          <div className="progress">
            <div style={{ width: `${Math.round(loading.fraction * 100)}%` }} />
          </div>
        </div>
      )}
      {failure && (
        <div className="error-box" role="alert" data-testid="dataset-error" style={{ marginTop: 6 }}>
          {failure.name} was not loaded; {active ? active.name : 'the previous dataset'} stays active.{'\n'}
          {failure.message}
        </div>
      )}
      {storageProblem && (
        <div className="warn-box" style={{ marginTop: 6 }}>
          {storageProblem}
        </div>
      )}
      {active && (
        <div style={{ marginTop: 8 }}>
          <div className="small" data-testid="active-dataset">
            Active: <strong>{active.name}</strong>
            <span className="muted">
              {' '}
              · {active.format} · {active.native.size}×{active.native.size}×{active.native.channels} ·{' '}
              {plural(active.native.numClasses, 'class', 'classes')}
            </span>
          </div>
          <div className="small muted" data-testid="dataset-split">
            {splitText(active)}
          </div>
          <div className="small adapted" data-testid="space-adapted">
            {adaptedText(active)}
          </div>
          {active.note && (
            <div className="warn-box" style={{ marginTop: 6 }}>
              {active.note}
            </div>
          )}
          <DatasetPreview grid={preview} summary={active} />
        </div>
      )}
      <SavedDatasets disabled={busy || loading != null} />
    </section>
  );
}
