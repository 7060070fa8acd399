import { describe, expect, it } from 'vitest';
import { parseYamlWithPositions, valueAt } from './yaml-source.js';

const text = [
  'database_url: postgres://app@db/${DB_NAME}', // 1
  'schema_dirs:', // 2
  '  - db/schema', // 3
  '  - db/views', // 4
  'migrate:', // 5
  '  lock_wait_timeout: 30s', // 6
  'lint:', // 7
  '  rules: &rules', // 8
  '    fk-index: error', // 9
  'copy: *rules', // 10
  'empty:', // 11
  '',
].join('\n');

describe('parseYamlWithPositions', () => {
  const source = parseYamlWithPositions(text, 'confiture.yaml');

  it('returns the plain value', () => {
    expect(source.issues).toEqual([]);
    expect(valueAt(source.value, ['schema_dirs', 1])).toBe('db/views');
    expect(valueAt(source.value, ['copy', 'fk-index'])).toBe('error');
    expect(valueAt(source.value, ['empty'])).toBeNull();
  });

  it('locates keys and values by path', () => {
    expect(source.locate(['migrate'], { target: 'key' })).toEqual({ file: 'confiture.yaml', line: 5, column: 1 });
    expect(source.locate(['migrate', 'lock_wait_timeout'], { target: 'key' })).toEqual({ file: 'confiture.yaml', line: 6, column: 3 });
    expect(source.locate(['migrate', 'lock_wait_timeout'])).toEqual({ file: 'confiture.yaml', line: 6, column: 22 });
    expect(source.locate(['schema_dirs', 1])).toEqual({ file: 'confiture.yaml', line: 4, column: 5 });
    expect(source.locate(['lint', 'rules', 'fk-index'], { target: 'key' })).toEqual({ file: 'confiture.yaml', line: 9, column: 5 });
    expect(source.locate(['empty'])).toMatchObject({ line: 11 });
  });

  it('follows aliases to the anchored node', () => {
    expect(source.locate(['copy', 'fk-index'])).toEqual({ file: 'confiture.yaml', line: 9, column: 15 });
  });

  it('falls back to the closest existing ancestor for a missing path', () => {
    expect(source.has(['migrate', 'lock_timeout'])).toBe(false);
    expect(source.has(['migrate', 'lock_wait_timeout'])).toBe(true);
    expect(source.locate(['migrate', 'lock_timeout'])).toEqual({ file: 'confiture.yaml', line: 5, column: 1 });
    expect(source.locate(['nowhere', 'deep'])).toEqual({ file: 'confiture.yaml', line: 1, column: 1 });
  });

  it('points inside a one-line value when given a needle', () => {
    expect(source.locate(['database_url'], { needle: '${DB_NAME' })).toEqual({ file: 'confiture.yaml', line: 1, column: 33 });
    expect(source.locate(['database_url'], { needle: 'not there' })).toEqual({ file: 'confiture.yaml', line: 1, column: 15 });
  });

  it('reports syntax errors with their line and column', () => {
    const broken = parseYamlWithPositions('schema_dirs:\n  - db/schema\n migrate: [1,\n', 'broken.yaml');
    expect(broken.issues.length).toBeGreaterThan(0);
    const first = broken.issues[0];
    expect(first?.code).toBe('yaml-syntax');
    expect(first?.location).toMatchObject({ file: 'broken.yaml', line: 3 });
    expect(first?.message).toMatch(/^YAML syntax error in broken\.yaml:3:\d+: /);
  });

  it('reports duplicate keys', () => {
    const duplicated = parseYamlWithPositions('migrate: {}\nlint: {}\nmigrate: {}\n', 'dup.yaml');
    expect(duplicated.issues).toHaveLength(1);
    expect(duplicated.issues[0]?.message).toMatch(/dup\.yaml:3:1: .*unique/i);
  });

  it('treats an empty or comment-only file as an empty mapping', () => {
    expect(parseYamlWithPositions('', 'a.yaml').value).toEqual({});
    expect(parseYamlWithPositions('# nothing yet\n', 'a.yaml').value).toEqual({});
  });
});
