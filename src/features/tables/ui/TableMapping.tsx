import { useTableTools, useStudio } from '../../../app/store';

/** How the active table's latencies land on the current space, in words. */
export function TableMapping() {
  const mapping = useTableTools((s) => s.mapping);
  const table = useStudio((s) => s.table);
  if (!table || !mapping) return null;
  return (
    <div className={mapping.shapesMatch ? 'hint' : 'warn-box'} data-testid="table-mapping" style={{ marginTop: 6 }}>
      {mapping.shapesMatch ? 'Mapping: ' : <strong>Shapes differ. </strong>}
      Latency is taken {mapping.text}.
      {!mapping.shapesMatch && ' It still ranks the blocks of each layer as that device does, but the milliseconds are not this network’s.'}
    </div>
  );
}
