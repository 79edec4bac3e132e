import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles } from '../src/engine/json-schemas';

const DIR = new URL('../docs/schemas/', import.meta.url);

describe('docs/schemas', () => {
  const files = jsonSchemaFiles();

  it('the committed JSON Schemas are what `npm run schemas` generates from the zod schemas', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(files).sort());
    for (const [file, text] of Object.entries(files)) expect(readFileSync(new URL(file, DIR), 'utf8'), file).toBe(text);
  });

  it('the arch schema requires format, space and blocks but not name, and lists the block names', () => {
    const arch = JSON.parse(files['arch.schema.json']);
    expect(arch.required.sort()).toEqual(['blocks', 'format', 'space']);
    expect(arch.properties.format.const).toBe('fbnet-studio/arch@1');
    expect(arch.properties.blocks.items.enum).toContain('k5_e1_g2');
    const config = JSON.parse(files['search-config.schema.json']);
    expect(config.required ?? []).toEqual([]);
    expect(config.properties.lossForm.enum).toEqual(['paper', 'additive', 'target']);
  });
});
