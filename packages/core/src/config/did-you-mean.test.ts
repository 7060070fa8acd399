import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from './did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions as one edit each', () => {
    expect(editDistance('schema_dirs', 'schema_dirs')).toBe(0);
    expect(editDistance('shema_dirs', 'schema_dirs')).toBe(1);
    expect(editDistance('schema_dirss', 'schema_dirs')).toBe(1);
    expect(editDistance('schema_dors', 'schema_dirs')).toBe(1);
    expect(editDistance('shcema_dirs', 'schema_dirs')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatch', () => {
  const keys = ['database_url', 'schema_dirs', 'migrations_dir', 'tracking_table', 'migrate', 'embedded', 'lint', 'sync'];

  it('suggests the key a typo was meant to be', () => {
    expect(closestMatch('shema_dirs', keys)).toBe('schema_dirs');
    expect(closestMatch('databse_url', keys)).toBe('database_url');
    expect(closestMatch('embeded', keys)).toBe('embedded');
    expect(closestMatch('migration_dir', keys)).toBe('migrations_dir');
  });

  it('matches camelCase, kebab-case and upper-case spellings', () => {
    expect(closestMatch('schemaDirs', keys)).toBe('schema_dirs');
    expect(closestMatch('tracking-table', keys)).toBe('tracking_table');
    expect(closestMatch('DATABASE_URL', keys)).toBe('database_url');
  });

  it('stays quiet when nothing is close enough', () => {
    expect(closestMatch('colour', keys)).toBeUndefined();
    expect(closestMatch('hooks', keys)).toBeUndefined();
    expect(closestMatch('anything', [])).toBeUndefined();
  });

  it('prefers the closest of several candidates', () => {
    expect(closestMatch('migrat', keys)).toBe('migrate');
  });
});
