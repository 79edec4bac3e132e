import { useTableTools, useStudio } from '../../../app/store';

/**
 * How the active table's latencies land on the current space, in words. Differing shapes are the
 * normal case of a laptop preset (a smaller input than the device was measured on), so they are
 * said plainly rather than raised as a warning.
 */
export function TableMapping() {
  const mapping = useTableTools((s) => s.mapping);
  const table = useStudio((s) => s.table);
  if (!table || !mapping) return null;
  return (
    <div className="hint" data-testid="table-mapping" style={{ marginTop: 6 }}>
      {mapping.shapesMatch ? 'Mapping: ' : 'The table was measured on other shapes than this space’s. '}
      Latency is taken {mapping.text}.
      {!mapping.shapesMatch && ' It still ranks the blocks of each layer as that device does, but the milliseconds are not this network’s.'}
    </div>
  );
}
