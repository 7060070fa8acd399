import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildJsonSchemas, formatJsonSchema, JSON_SCHEMA_FILES } from './json-schema.js';

const schemaDir = new URL('../../schema/', import.meta.url);

type JsonSchema = { properties?: Record<string, JsonSchema>; description?: string; default?: unknown; additionalProperties?: unknown };

function keysWithoutDescription(schema: JsonSchema, path = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => [
    ...(child.description ? [] : [`${path}${key}`]),
    ...keysWithoutDescription(child, `${path}${key}.`),
  ]);
}

describe('JSON Schema', () => {
  const schemas = buildJsonSchemas();

  it.each(Object.entries(JSON_SCHEMA_FILES))('the committed schema/%s is up to date', async (kind, name) => {
    const committed = await readFile(new URL(name, schemaDir), 'utf8');
    const fresh = formatJsonSchema(schemas[kind as keyof typeof schemas]);
    // When this fails: pnpm --filter @confiture/core generate:schema, and commit the result.
    expect(committed, `schema/${name} is stale: run pnpm --filter @confiture/core generate:schema`).toBe(fresh);
  });

  it('describes every key so editors can show help', () => {
    expect(keysWithoutDescription(schemas.config as JsonSchema)).toEqual([]);
    expect(keysWithoutDescription(schemas.environment as JsonSchema)).toEqual([]);
  });

  it('rejects unknown keys and documents defaults only for confiture.yaml', () => {
    const config = schemas.config as JsonSchema;
    const environment = schemas.environment as JsonSchema;
    expect(config.additionalProperties).toBe(false);
    expect(config.properties?.migrate?.additionalProperties).toBe(false);
    expect(config.properties?.migrations_dir?.default).toBe('db/migrations');
    expect(config.properties?.migrate?.properties?.lock_wait_timeout?.default).toBe('30s');
    expect(environment.properties?.migrations_dir?.default).toBeUndefined();
    expect(Object.keys(environment.properties ?? {})).toEqual(Object.keys(config.properties ?? {}));
  });

  it('is exported by the package', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown>; files: string[] };
    expect(manifest.exports['./schema.json']).toBe(`./schema/${JSON_SCHEMA_FILES.config}`);
    expect(manifest.exports['./environment.schema.json']).toBe(`./schema/${JSON_SCHEMA_FILES.environment}`);
    expect(manifest.files).toContain('schema');
  });
});
