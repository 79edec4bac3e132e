import type { StudyMatrix as Matrix } from '../../../app/protocol';
import { fmtMs } from '../../../shared/format';
import { RetrainButton } from './RetrainButton';

/** The paper's Table 5 on this data: row i is the argmax searched with table i, timed by every table; the row's own device is highlighted. */
export function StudyMatrix({ m }: { m: Matrix }) {
  return (
    <>
      <p className="muted" style={{ marginBottom: 0 }}>
        Rows: the argmax of the search on that device. Highlighted: the row's own device. ★ the fastest architecture on that column's
        device.
      </p>
      <div className="table-scroll">
        <table className="after-table study-matrix" data-testid="study-matrix">
          <thead>
            <tr>
              <th>searched on ↓ · timed on →</th>
              {m.tables.map((t) => (
                <th key={t} title={t}>
                  <span className="clip-name">{t}</span>
                </th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {m.archs.map((a, i) => (
              <tr key={a.table}>
                <th className="mono" title={`${a.table}: ${a.blocks.join(' ')}`}>
                  <span className="clip-name">{a.table}</span>
                </th>
                {m.tables.map((t, j) => {
                  const own = a.table === t;
                  const fastest = m.fastest[j] === i;
                  return (
                    <td
                      key={t}
                      className={`${own ? 'own' : ''}${fastest ? ' fastest' : ''}`}
                      data-testid={own ? 'study-own' : undefined}
                      title={`${a.name} on ${t}${own ? ' (its own device)' : ''}${fastest ? ': the fastest on this device' : ''}`}
                    >
                      {fmtMs(m.ms[i][j])}
                    </td>
                  );
                })}
                <td>
                  <RetrainButton name={a.name} source="study" blocks={a.blocks} space={m.space} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
