import { useStudio } from '../../../app/store';

export function EventLog() {
  const log = useStudio((s) => s.log);
  return (
    <section className="card">
      <h2>Event log</h2>
      <div className="log" data-testid="event-log">
        {log.length === 0 ? (
          <p className="muted">Changes made during a run (τ, α, β, table) appear here and as red markers on the charts.</p>
        ) : (
          <ul>
            {[...log].reverse().map((e) => (
              <li key={e.id} className={e.kind}>
                <span className="step">step {e.step}</span>
                <span className={e.kind}>{e.text}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
