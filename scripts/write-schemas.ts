/** `npm run schemas`: writes docs/schemas/*.schema.json from the zod schemas (a test checks they are current). */
import { writeFileSync } from 'node:fs';
import { jsonSchemaFiles } from '../src/engine/json-schemas';

const dir = new URL('../docs/schemas/', import.meta.url);
for (const [file, text] of Object.entries(jsonSchemaFiles())) {
  writeFileSync(new URL(file, dir), text);
  process.stderr.write(`wrote docs/schemas/${file}\n`);
}
