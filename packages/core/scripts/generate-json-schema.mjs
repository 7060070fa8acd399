// Writes schema/*.schema.json from the zod schemas in the built package.
// Run after a build: `pnpm --filter @confiture/core generate:schema`.
import { writeFile } from 'node:fs/promises';
import { buildJsonSchemas, formatJsonSchema, JSON_SCHEMA_FILES } from '../dist/config/json-schema.js';

const schemas = buildJsonSchemas();
for (const [kind, name] of Object.entries(JSON_SCHEMA_FILES)) {
  const target = new URL(`../schema/${name}`, import.meta.url);
  await writeFile(target, formatJsonSchema(schemas[kind]));
  process.stdout.write(`wrote schema/${name}\n`);
}
