import { cancelStudy, startStudy, studyCandidates, toggleStudyTable } from '../actions';
import { useAfterSearch, useStudio } from '../../../app/store';
import { StudyMatrix } from './StudyMatrix';
import { searchActive } from '../../search/status';

/** One search per picked device table with the current config, then each argmax timed on every table. */
export function CrossDeviceStudy() {
  const picked = useAfterSearch((s) => s.studyTables);
  const study = useAfterSearch((s) => s.study);
  const status = useStudio((s) => s.status);
  useStudio((s) => s.overrides);
  useStudio((s) => s.presetId);
  const candidates = studyCandidates();
  const running = study.state === 'running';
  const searchBusy = searchActive(status);
  const fraction = study.tables.length ? (study.index + (study.totalSteps ? study.step / study.totalSteps : 0)) / study.tables.length : 0;
  return (
    <section className="card" data-testid="cross-device">
      <h3>Cross-device study</h3>
      <p className="muted">
        Runs one search per device table, in turn, with the current config; then times each device's argmax on every device's table (the
        FBNet paper's Table 5).
      </p>
      <div className="row small">
        {candidates.map((t) => (
          <label key={t.id} className="row" title={t.description}>
            <input
              type="checkbox"
              checked={picked.includes(t.id)}
              disabled={running}
              onChange={() => toggleStudyTable(t.id)}
              aria-label={`study table ${t.id}`}
            />
            {t.id}
          </label>
        ))}
      </div>
      <div className="row" style={{ marginTop: 8 }}>
        <button
          type="button"
          className="primary"
          disabled={running || searchBusy || picked.length < 2}
          onClick={startStudy}
          title={picked.length < 2 ? 'pick at least two tables' : undefined}
        >
          Run study ({picked.length} searches)
        </button>
        {running && (
          <button type="button" className="danger" onClick={cancelStudy}>
            Cancel study
          </button>
        )}
        {running && (
          <span className="small" data-testid="study-progress">
            search {study.index + 1} of {study.tables.length}: {study.what}
            {study.totalSteps ? ` · step ${study.step}/${study.totalSteps}` : ''}
          </span>
        )}
      </div>
      {running && (
        <div className="progress">
          <div style={{ width: `${fraction * 100}%` }} />
        </div>
      )}
      {study.message && (
        <div className={study.state === 'error' ? 'error-box' : 'warn-box'} style={{ marginTop: 8 }}>
          {study.message}
        </div>
      )}
      {study.matrix && <StudyMatrix m={study.matrix} />}
    </section>
  );
}
