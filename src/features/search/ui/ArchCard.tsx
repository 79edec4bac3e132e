import type { ArchSummary } from '../../../app/protocol';
import { BLOCK_COLORS } from '../../../shared/colors';
import { fmtCount, fmtMs } from '../../../shared/format';
import { SearchArchRetrain } from '../../after-search/ui/SearchArchRetrain';

const LIGHT = new Set(['k3_e1', 'k3_e1_g2', 'k5_e1', 'k5_e1_g2']);

export function ArchCard({ arch }: { arch: ArchSummary }) {
  return (
    <div className="arch" data-testid="arch">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <strong className="mono">{arch.name}</strong>
        <span className="small row arch-stats">
          <span className="nowrap">
            {fmtCount(arch.macs)}MACs · {fmtCount(arch.params)} params · <strong>{fmtMs(arch.latencyMs)}</strong>
          </span>
          <SearchArchRetrain arch={arch} />
        </span>
      </div>
      <div className="chain" title={`${arch.name} blocks`}>
        {arch.blocks.map((b, i) => (
          <span
            key={i}
            className={`chip${b === 'skip' ? ' skip' : ''}${LIGHT.has(b) ? ' light' : ''}`}
            style={b === 'skip' ? undefined : { background: BLOCK_COLORS[b] }}
            title={`layer ${i + 1}: ${b}`}
          >
            {b}
          </span>
        ))}
      </div>
    </div>
  );
}
