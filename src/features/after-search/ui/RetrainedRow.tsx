import { cancelRetrain, exportArchJson, exportOnnx, exportPytorch, exportTfjs, removeRetrain } from '../actions';
import { isRetrainActive, type RetrainEntry } from '../slice';
import { fmtCount, fmtMs, pct } from '../../../shared/format';

const STATE_LABEL: Record<RetrainEntry['state'], string> = {
  queued: 'queued',
  loading: 'loading data',
  training: 'training',
  measuring: 'timing inference',
  done: 'done',
  cancelled: 'cancelled',
  error: 'failed',
};

export function RetrainedRow({ e }: { e: RetrainEntry }) {
  const active = isRetrainActive(e);
  const p = e.progress;
  const o = e.outcome;
  const fraction = p?.totalSteps ? p.step / p.totalSteps : 0;
  return (
    <div className={`retrained ${e.state}`} data-testid="retrained" data-name={e.name}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <span>
          <strong className="mono">{e.name}</strong> <span className="source">{e.source}</span>{' '}
          <span className="muted">
            {e.budget.epochs} epoch{e.budget.epochs === 1 ? '' : 's'}, {e.budget.trainSamples} train samples
          </span>
        </span>
        <span className="row">
          <span className={`retrain-state ${e.state}`} data-testid="retrain-state">
            {STATE_LABEL[e.state]}
            {active && p ? ` · epoch ${p.epoch + 1}, step ${p.step}/${p.totalSteps} · loss ${p.loss.toFixed(3)}` : ''}
          </span>
          {active ? (
            <button type="button" className="danger" onClick={() => cancelRetrain(e.id)}>
              Cancel
            </button>
          ) : (
            <button type="button" title="Remove from the list" aria-label={`Remove ${e.name}`} onClick={() => removeRetrain(e.id)}>
              ×
            </button>
          )}
        </span>
      </div>
      {active && (
        <div className="progress" role="progressbar" aria-valuenow={Math.round(fraction * 100)} aria-valuemin={0} aria-valuemax={100}>
          <div style={{ width: `${fraction * 100}%` }} />
        </div>
      )}
      {e.message && e.state !== 'done' && <div className={e.state === 'error' ? 'error-box' : 'muted'}>{e.message}</div>}
      {o && (
        <div className="row small outcome" data-testid="retrain-outcome">
          <span>
            test accuracy <strong data-testid="test-accuracy">{pct(o.testAccuracy)}</strong> ({o.testSamples} images)
          </span>
          <span>{fmtCount(o.macs)}MACs</span>
          <span>{fmtCount(o.params)} params</span>
          <span title={o.tableName ? `by the table ${o.tableName}` : 'no table was active'}>
            table <strong>{fmtMs(o.latencyMs)}</strong>
          </span>
          <span title={`batch 1, median of 10 runs on ${o.inference.backend} in this browser (min ${fmtMs(o.inference.minMs)})`}>
            here ({o.inference.backend}) <strong>{fmtMs(o.inference.medianMs)}</strong>
          </span>
          <span className="row exports">
            <button type="button" onClick={() => exportTfjs(e.id)} title="model.json + weights.bin in one .zip, for tf.loadLayersModel">
              tfjs model (.zip)
            </button>
            <button
              type="button"
              onClick={() => exportOnnx(e.id)}
              title="the trained network as ONNX (opset 13; NHWC input “image”, output “logits”), for onnxruntime"
            >
              ONNX (.onnx)
            </button>
            <button
              type="button"
              onClick={() => exportPytorch(e.id)}
              title="a self-contained PyTorch nn.Module of this architecture (untrained)"
            >
              PyTorch (.py)
            </button>
            <button type="button" onClick={() => exportArchJson(e.id)} title="fbnet-studio/arch@1 with the measured numbers">
              arch JSON
            </button>
          </span>
        </div>
      )}
    </div>
  );
}
