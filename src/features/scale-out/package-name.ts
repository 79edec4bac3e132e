/** A downloaded package's name tells runs apart: dataset, table, seed and the time (UTC). */
const slug = (s: string) =>
  s
    .replace(/\.[a-z0-9]+$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'x';

export function packageStem(p: { dataset: string; table: string; seed: unknown; at: Date }): string {
  const time = p.at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `fbnet-search-${slug(p.dataset)}-${slug(p.table)}-seed${String(p.seed ?? '')}-${time}`;
}
