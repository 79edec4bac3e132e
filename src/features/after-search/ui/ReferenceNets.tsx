import { useMemo } from 'react';
import { archCost } from '../../../engine/space/costs';
import { tableLatencyMs } from '../../../engine/lut/latency';
import { describeSubstitutions, referenceArchitectures } from '../../../engine/retrain/references';
import { useStudio } from '../../../app/store';
import { fmtCount, fmtMs } from '../../../shared/format';
import { RetrainButton } from './RetrainButton';

/** The published FBNets, the MobileNetV2-like net and the cheapest net, mapped onto the current space. */
export function ReferenceNets() {
  const active = useStudio((s) => s.table);
  const refs = useMemo(() => (active ? referenceArchitectures(active.space, active.table) : []), [active]);
  if (!active) return <p className="muted">Reference networks appear once a latency table is active.</p>;
  return (
    <div data-testid="reference-nets">
      <h3>Reference networks in this space</h3>
      <div className="table-scroll">
        <table className="after-table">
          <thead>
            <tr>
              <th>network</th>
              <th>MACs</th>
              <th>params</th>
              <th title={`table latency by ${active.table.name}`}>
                <span className="clip-name">{active.table.name}</span>
              </th>
              <th />
            </tr>
          </thead>
          <tbody>
            {refs.map((r) => {
              const cost = archCost(active.space, r.blocks);
              return (
                <tr key={r.name} data-testid="reference-net">
                  <td
                    className="mono"
                    title={
                      r.substitutions.length
                        ? `replaced where the space does not allow the block: ${describeSubstitutions(r)}`
                        : r.blocks.join(' ')
                    }
                  >
                    {r.name}
                    {r.substitutions.length ? <span className="muted"> ({r.substitutions.length} blocks mapped)</span> : null}
                  </td>
                  <td>{fmtCount(cost.macs)}</td>
                  <td>{fmtCount(cost.params)}</td>
                  <td>{fmtMs(tableLatencyMs(active.table, r.blocks))}</td>
                  <td>
                    <RetrainButton name={r.name} source="reference" blocks={r.blocks} space={active.space} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
