import { describe, expect, it } from 'vitest';
import * as source from './index.js';

// The package is reserved (its issue fills it); what it must already do is build to dist/ and
// load there as an ES module, with the exports of its source.
describe('@confiture/wizard entry point', () => {
  it('is built to dist/ with the same exports as its source', async () => {
    const built = (await import(new URL('../dist/index.js', import.meta.url).href)) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
  });
});
