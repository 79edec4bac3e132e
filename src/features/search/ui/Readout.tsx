import { useStudio } from '../../../app/store';
import { fmtDuration, fmtMs, fmtNum } from '../../../shared/format';
import { etaMs, smoothedMs } from '../eta';

function Stat({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <div>
      <div className="k">{k}</div>
      <div className="v" data-testid={testId}>
        {v}
      </div>
    </div>
  );
}

export function Readout() {
  const run = useStudio((s) => s.run);
  const last = useStudio((s) => s.rows[s.rows.length - 1]);
  const recentMs = useStudio((s) => smoothedMs(s.rows.slice(-200).map((r) => r.msPerStep)));
  const eta = useStudio((s) => etaMs(s.rows, s.rows.at(-1)?.step ?? 0, s.run?.totalSteps ?? 0));
  const status = useStudio((s) => s.status);
  const progress = useStudio((s) => s.dataProgress);
  const total = run?.totalSteps ?? 0;
  const step = last?.step ?? 0;
  const epochs = (run?.config.epochs as number | undefined) ?? null;
  return (
    <section className="card">
      <div className="readout">
        <Stat k="Step" v={`${step} / ${total || '–'}`} testId="step-counter" />
        <Stat k="Epoch" v={last ? `${last.epoch + 1}${epochs ? ` / ${epochs}` : ''}` : '–'} testId="epoch" />
        <Stat k="Phase" v={last ? (last.phase === 'w' ? 'w (weights)' : 'θ (architecture)') : '–'} testId="phase" />
        <Stat k="ms / step" v={recentMs != null ? fmtMs(recentMs, 0) : '–'} testId="ms-per-step" />
        <Stat k="ETA" v={status === 'running' ? fmtDuration(eta) : '–'} />
        <Stat k="τ" v={fmtNum(last?.tau)} testId="live-tau" />
        <Stat k="α" v={fmtNum(last?.alpha)} testId="live-alpha" />
        <Stat k="β" v={fmtNum(last?.beta)} testId="live-beta" />
        <Stat k="Expected latency" v={fmtMs(last?.expectedLatencyMs)} testId="expected-latency" />
        <Stat k="Argmax latency" v={fmtMs(last?.argmaxLatencyMs)} />
      </div>
      <div className="progress" role="progressbar" aria-label="progress" aria-valuemin={0} aria-valuemax={total} aria-valuenow={step}>
        <div style={{ width: `${total ? (100 * step) / total : 0}%` }} />
      </div>
      {status === 'loading' && progress && (
        <div className="muted" style={{ marginTop: 4 }}>
          loading {progress.what}: {progress.total ? Math.round((100 * progress.loaded) / progress.total) : 0}%
        </div>
      )}
    </section>
  );
}
