import { describe, expect, it } from 'vitest';
import { layeredLocator, mergeConfig } from './merge.js';
import { parseYamlWithPositions } from './yaml-source.js';

describe('mergeConfig', () => {
  it('merges mappings key by key and replaces lists and scalars', () => {
    const base = { schema_dirs: ['db/schema', 'db/views'], migrate: { lock_wait_timeout: '30s', lock_timeout: '5s' }, lint: { rules: { a: 'error', b: 'warning' } }, tracking_table: 't' };
    const override = { schema_dirs: ['db/other'], migrate: { lock_timeout: '1s' }, lint: { rules: { b: 'off' } } };
    expect(mergeConfig(base, override)).toEqual({
      schema_dirs: ['db/other'],
      migrate: { lock_wait_timeout: '30s', lock_timeout: '1s' },
      lint: { rules: { a: 'error', b: 'off' } },
      tracking_table: 't',
    });
    expect(base.migrate.lock_timeout).toBe('5s');
  });

  it('lets a non-mapping replace a mapping and keeps the base without an override', () => {
    expect(mergeConfig({ hooks: { pre: 'x' } }, { hooks: ['a'] })).toEqual({ hooks: ['a'] });
    expect(mergeConfig({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});

describe('layeredLocator', () => {
  const base = parseYamlWithPositions('lint:\n  rules:\n    a: error\n    b: warning\n', 'confiture.yaml');
  const env = parseYamlWithPositions('# production\nlint:\n  rules:\n    b: off\n', 'db/environments/production.yaml');
  const locator = layeredLocator([env, base]);

  it('finds a key in the file that set it, the override first', () => {
    expect(locator.locate(['lint', 'rules', 'b'])).toEqual({ file: 'db/environments/production.yaml', line: 4, column: 8 });
    expect(locator.locate(['lint', 'rules', 'a'])).toEqual({ file: 'confiture.yaml', line: 3, column: 8 });
  });

  it('reports a missing key where its closest ancestor is written', () => {
    expect(locator.has(['lint', 'rules', 'c'])).toBe(false);
    expect(locator.locate(['lint', 'rules', 'c'])).toEqual({ file: 'db/environments/production.yaml', line: 3, column: 3 });
  });
});
