import { useStudio } from '../../../app/store';
import { exportArchitectures } from '../actions';
import { ArchCard } from './ArchCard';
import { chartCsv } from './chart-csv';
import { downloadText } from '../../../shared/download';

export function Results() {
  const result = useStudio((s) => s.result);
  const archs = useStudio((s) => s.archs);
  const hasRows = useStudio((s) => s.rows.length > 0);
  const live = useStudio((s) => s.status === 'running' || s.status === 'paused');
  const exportCsv = () => {
    const { rows, epochs } = useStudio.getState();
    downloadText('fbnet-search-history.csv', chartCsv(rows, epochs), 'text/csv');
  };
  return (
    <section className="card" data-testid="results">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Architectures</h2>
        <div className="row">
          <button
            type="button"
            disabled={!result && !(live && hasRows)}
            onClick={exportArchitectures}
            title="While a search runs: the current θ's argmax and samples"
          >
            Export architectures
          </button>
          <button type="button" disabled={!hasRows} onClick={exportCsv}>
            Download chart data (CSV)
          </button>
        </div>
      </div>
      {archs.length === 0 ? (
        <p className="muted">
          When the search finishes or is stopped: the argmax architecture and K samples from P_θ, with MACs, params and table latency.
        </p>
      ) : (
        <div className="arch-list">
          {archs.map((a) => (
            <ArchCard key={a.name} arch={a} />
          ))}
        </div>
      )}
    </section>
  );
}
