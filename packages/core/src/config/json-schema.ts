import { z } from 'zod';
import { configSchema, environmentSchema } from './schema.js';

/**
 * File names of the JSON Schemas shipped in `@confiture/core/schema/` (also exported as
 * `@confiture/core/schema.json` and `@confiture/core/environment.schema.json`).
 *
 * @example
 * ```ts
 * `node_modules/@confiture/core/schema/${JSON_SCHEMA_FILES.config}`;
 * ```
 */
export const JSON_SCHEMA_FILES = {
  config: 'confiture.schema.json',
  environment: 'environment.schema.json',
} as const;

/**
 * The JSON Schemas of confiture.yaml and of environment files, generated from the zod
 * schemas (draft-07, which YAML editors understand). The committed copies in
 * `packages/core/schema/` must equal these; a test checks it.
 *
 * @example
 * ```ts
 * const { config } = buildJsonSchemas();
 * writeFileSync('confiture.schema.json', formatJsonSchema(config));
 * ```
 */
export function buildJsonSchemas(): { config: Record<string, unknown>; environment: Record<string, unknown> } {
  // io: 'input' describes what people write (defaults make keys optional), not the parsed output.
  const options = { io: 'input', target: 'draft-7', unrepresentable: 'any' } as const;
  return {
    config: z.toJSONSchema(configSchema, options),
    environment: z.toJSONSchema(environmentSchema, options),
  };
}

/**
 * The exact text written to disk, so generation is byte-for-byte reproducible.
 *
 * @example
 * ```ts
 * formatJsonSchema({ type: 'object' }); // '{\n  "type": "object"\n}\n'
 * ```
 */
export function formatJsonSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
