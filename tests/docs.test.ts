/**
 * docs/method.md is what the code cites: every "§n" a comment points to must exist, every file the
 * page names must exist, and the published architectures it lists must be the engine's.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_BLOCKS, publishedSpace } from '../src/engine/space/archs';
import { BLOCK_NAMES } from '../src/engine/space/blocks';
import { archCost } from '../src/engine/space/costs';

const ROOT = join(__dirname, '..');
const METHOD = readFileSync(join(ROOT, 'docs/method.md'), 'utf8');
const CITED_IN = ['src', 'tests', 'bench', 'scripts', 'workers'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** Section numbers cited as "docs/method.md §n" or "§n–m", with where. */
function citations(): { where: string; section: number }[] {
  const out: { where: string; section: number }[] = [];
  for (const top of CITED_IN) {
    for (const file of sourceFiles(join(ROOT, top))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const m of line.matchAll(/docs\/method\.md §(\d+)(?:[–-](\d+))?/g)) {
            const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
            for (let s = from; s <= to; s++) out.push({ where: `${file.slice(ROOT.length + 1)}:${i + 1}`, section: s });
          }
        });
    }
  }
  return out;
}

describe('docs/method.md', () => {
  const sections = new Set([...METHOD.matchAll(/^## §(\d+) /gm)].map((m) => Number(m[1])));

  it('has sections §1–§6 in order', () => {
    expect([...METHOD.matchAll(/^## §(\d+) /gm)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('has every section the code cites', () => {
    const cited = citations();
    expect(cited.length).toBeGreaterThanOrEqual(5);
    expect(cited.filter((c) => !sections.has(c.section))).toEqual([]);
  });

  it('names only files that exist', () => {
    const paths = [...METHOD.matchAll(/`((?:src|public|bench|scripts|workers)\/[^`\s]+)`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('lists the nine blocks in the canonical order', () => {
    expect(METHOD).toContain(BLOCK_NAMES.join(', '));
  });

  it('lists the published architectures exactly as the engine holds them', () => {
    const lines = METHOD.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| layer | stage |'));
    expect(header).toBeGreaterThan(0);
    const names = lines[header]
      .split('|')
      .slice(3, -1)
      .map((c) => c.trim().replace(/`/g, ''));
    expect(names).toEqual(Object.keys(PUBLISHED_BLOCKS));
    const rows = lines.slice(header + 2, header + 2 + 22).map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
    rows.forEach((r, l) => expect(Number(r[0])).toBe(l + 1));
    for (const [k, name] of names.entries()) {
      expect(
        rows.map((r) => r[2 + k]),
        name,
      ).toEqual(PUBLISHED_BLOCKS[name]);
    }
  });

  it('quotes the MACs and params that fbnet cost computes', () => {
    const macsHere = (row: string) => {
      const m = new RegExp(`^\\| ${row} \\| [^|]* \\| [^|]* \\| ([\\d.]+) M \\|`, 'm').exec(METHOD);
      if (!m) throw new Error(`no results row for ${row}`);
      return Number(m[1]);
    };
    const cost = (name: string) => archCost(publishedSpace(name), PUBLISHED_BLOCKS[name]);
    const rows = { 'FBNet-A': 'fbnet_a', 'FBNet-B': 'fbnet_b', 'FBNet-C': 'fbnet_c', 'FBNet-96-0.35-1': 'fbnet_96_035_1' };
    for (const [row, name] of Object.entries(rows)) expect(macsHere(row), row).toBe(Math.round(cost(name).macs / 1e5) / 10);
    const a = cost('fbnet_a');
    const prose = METHOD.replace(/\s+/g, ' ');
    expect(prose).toContain(`${(a.macs / 1e6).toFixed(1)} M MACs and ${(a.params / 1e6).toFixed(2)} M params`);
  });
});
