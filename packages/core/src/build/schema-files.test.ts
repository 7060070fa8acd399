import { describe, expect, it } from 'vitest';
import { cleanScratchesAfterAll, confitureErrorOf, scratchProject } from '../migrations/test-helpers/fixtures.js';
import { compareNatural, listSchemaFiles } from './schema-files.js';

cleanScratchesAfterAll();

describe('listSchemaFiles', () => {
  it('walks each directory depth-first, entries in natural order, files and directories interleaved', async () => {
    const project = scratchProject({
      'db/schema/10_views.sql': '',
      'db/schema/2_tables/10_orders.sql': '',
      'db/schema/2_tables/9_users.sql': '',
      'db/schema/2_tables/notes.txt': '',
      'db/schema/1_extensions.sql': '',
      'db/schema/3_functions/a.sql': '',
      'db/schema/3_Functions.sql': '',
      'db/schema/.hidden.sql': '',
      'db/extra/001_seed.sql': '',
    });
    const files = await listSchemaFiles({ root: project.root, schemaDirs: ['db/schema', 'db/extra'] });
    expect(files.map((f) => f.path)).toEqual([
      'db/schema/1_extensions.sql',
      'db/schema/2_tables/9_users.sql',
      'db/schema/2_tables/10_orders.sql',
      'db/schema/3_functions/a.sql',
      'db/schema/3_Functions.sql',
      'db/schema/10_views.sql',
      'db/extra/001_seed.sql',
    ]);
    expect(files[0]!.absolutePath.startsWith(project.root)).toBe(true);
  });

  it('says which schema directory is missing and how to fix it', async () => {
    const project = scratchProject({ 'db/schema/a.sql': '' });
    const error = await confitureErrorOf(listSchemaFiles({ root: project.root, schemaDirs: ['db/schema', 'db/nope'] }));
    expect(error.code).toBe('CONFITURE_DIRECTORY_MISSING');
    expect(error.message).toContain('db/nope');
    expect(error.hint).toMatch(/mkdir/);
  });
});

describe('compareNatural', () => {
  it('orders digit runs numerically, ignores case first, and is total', () => {
    expect(['b10', 'B2', 'a', 'b2', '01', '1', 'a1b', 'a01b'].sort(compareNatural)).toEqual(['01', '1', 'a', 'a01b', 'a1b', 'B2', 'b2', 'b10']);
    expect(compareNatural('20240101000000_x', '3_y')).toBeGreaterThan(0);
  });
});
