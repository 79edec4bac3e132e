import { useEffect } from 'react';
import { useScaleOut, useStudio } from '../../../app/store';
import { searchActive } from '../../search/status';
import { canFollow, downloadSearchPackage, pickAndFollow } from '../actions';
import { openRunFiles, stopFollowing } from '../open-run';
import { carriesFiles, droppedFiles } from './drop';

/** Dropping a run folder (or its events.jsonl + result.json) anywhere on the page opens it. */
function useRunDrop(): void {
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (carriesFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (e.defaultPrevented || !e.dataTransfer || !carriesFiles(e)) return;
      e.preventDefault();
      void droppedFiles(e.dataTransfer).then(openRunFiles);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}

/** Out of the browser and back: the search as a PyTorch package, and a PyTorch run folder read back into the charts. */
export function ScaleOutPanel() {
  const { packaging, shown, following, problem } = useScaleOut();
  const busy = useStudio((s) => searchActive(s.status));
  useRunDrop();
  const pick = (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length) void openRunFiles(files);
  };
  return (
    <section className="card" data-testid="scale-out">
      <h2>Run at scale</h2>
      <button type="button" disabled={packaging != null} onClick={downloadSearchPackage}>
        {packaging != null ? 'Packaging…' : 'Run at scale (PyTorch)'}
      </button>
      <p className="hint">
        A .zip of this search for PyTorch (search.py, the config, the active table and the data): run it with torchrun on one or many GPUs,
        then open its run folder here.
      </p>
      <div className="fields">
        <label className="field">
          Open a PyTorch run (events.jsonl + result.json)
          <input
            type="file"
            multiple
            accept=".jsonl,.json"
            aria-label="PyTorch run files"
            disabled={busy}
            onChange={(e) => pick(e.target)}
          />
        </label>
        <label className="field">
          Open a PyTorch run folder
          <input
            type="file"
            aria-label="PyTorch run folder"
            disabled={busy}
            ref={(el) => el?.setAttribute('webkitdirectory', '')}
            onChange={(e) => pick(e.target)}
          />
        </label>
      </div>
      {canFollow() && (
        <div className="row" style={{ marginTop: 6 }}>
          {following == null ? (
            <button type="button" disabled={busy} onClick={() => void pickAndFollow()}>
              Follow a run folder (live)
            </button>
          ) : (
            // Only while following: a "Stop" button beside the search's own would be ambiguous otherwise.
            <button type="button" onClick={stopFollowing}>
              Stop following
            </button>
          )}
        </div>
      )}
      <p className="hint">Or drop the run folder (or its files) anywhere on the page.</p>
      {shown && (
        <div className="small" data-testid="pytorch-run">
          {following ? `${following}: ` : ''}
          {shown}
        </div>
      )}
      {problem && (
        <div className="error-box" role="alert" data-testid="pytorch-run-error" style={{ marginTop: 6 }}>
          {problem}
        </div>
      )}
    </section>
  );
}
