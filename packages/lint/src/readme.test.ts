import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRulePage, withRulesTable } from '../scripts/readme-rules.mjs';
import { builtinRules } from './rules/index.js';
import { invalidSuppression } from './suppression-rule.js';

describe('README', () => {
  it('has the rule table generated from the rules (run scripts/readme-rules.mjs after a build when this fails)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(withRulesTable(readme, [...builtinRules, invalidSuppression])).toBe(readme);
  });

  it('has an up-to-date documentation page per rule, with SQL that triggers it and SQL that does not', () => {
    for (const rule of [...builtinRules, invalidSuppression]) {
      const page = readFileSync(new URL(`../docs/rules/${rule.id}.md`, import.meta.url), 'utf8');
      expect(page).toBe(renderRulePage(rule));
      expect(page).toContain('## Reported');
      expect(page).toContain('## Not reported');
    }
  });

  it('lists every rule id', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const rule of [...builtinRules, invalidSuppression]) expect(readme).toContain(`| [\`${rule.id}\`](docs/rules/${rule.id}.md) |`);
  });
});
