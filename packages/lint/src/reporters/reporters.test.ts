import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../types.js';
import { escapeData, escapeProperty } from './github.js';
import { formatResult } from './index.js';

// The official schema (sarif-2.1.0-rtm.5), as shipped by Microsoft's SARIF test matchers.
const require = createRequire(import.meta.url);
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
// A CommonJS class (the schema is JSON Schema draft-04, which ajv 8 supports only through it).
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;

// Goldens are compared byte for byte. After an intended change, regenerate them with
// CONFITURE_UPDATE_GOLDENS=1 pnpm vitest run --project lint src/reporters and review the diff.
const fixtures = (name: string): string => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const result = JSON.parse(readFileSync(fixtures('result.json'), 'utf8')) as LintResult;
const update = process.env.CONFITURE_UPDATE_GOLDENS === '1';

function golden(name: string, actual: string): void {
  if (update) writeFileSync(fixtures(name), actual);
  expect(actual).toBe(readFileSync(fixtures(name), 'utf8'));
}

const RAW_SECRET = 'AKIAIOSFODNN7EXAMPLE';
const MASKED = 'AKIA************MPLE';

describe('reporters: golden files', () => {
  it('table, grouped by rule', () => golden('result.table.txt', formatResult(result, 'table')));
  it('table, grouped by object', () => golden('result.table-by-object.txt', formatResult(result, 'table', { groupBy: 'object' })));
  it('table, with colors', () => golden('result.table-color.txt', formatResult(result, 'table', { color: true })));
  it('json', () => golden('result.json.txt', formatResult(result, 'json')));
  it('github', () => golden('result.github.txt', formatResult(result, 'github')));
  it('sarif', () => golden('result.sarif.json', formatResult(result, 'sarif', { configFile: 'confiture.lint.yml', toolVersion: '0.0.0-test' })));
});

describe('reporters: behaviour', () => {
  it('says when there is nothing to report', () => {
    const clean: LintResult = { ...result, findings: [], skipped: [], summary: { ...result.summary, errors: 0, warnings: 0, infos: 0, suppressed: 0 } };
    expect(formatResult(clean, 'table')).toBe('No problems found · 9 rules on 14 tables\n');
    expect(JSON.parse(formatResult(clean, 'json')).findings).toEqual([]);
    expect(JSON.parse(formatResult(clean, 'sarif')).runs[0].results).toEqual([]);
  });

  it('lists files the SQL parser could not read', () => {
    const text = formatResult({ ...result, sourceErrors: [{ file: 'db/schema/odd.sql', message: 'syntax error at or near "\\connect"' }] }, 'table');
    expect(text).toContain('Not parsed (no locations or suppressions there)\n  db/schema/odd.sql: syntax error at or near "\\connect"\n');
  });

  it('uses no ANSI escapes unless asked', () => {
    expect(formatResult(result, 'table')).not.toContain('\u001b[');
    expect(formatResult(result, 'table', { color: true })).toContain('\u001b[31merror');
  });

  it('keeps masked secrets masked in every format', () => {
    for (const format of ['table', 'json', 'github', 'sarif'] as const) {
      const text = formatResult(result, format);
      expect(text).toContain(MASKED);
      expect(text).not.toContain(RAW_SECRET);
    }
  });

  it('writes the JSON contract: location {file,line} or null, suppressed only when present', () => {
    const doc = JSON.parse(formatResult(result, 'json'));
    expect(Object.keys(doc)).toEqual(['version', 'findings', 'skipped', 'summary']);
    expect(doc.findings[0]).toEqual({
      rule: 'hardcoded-secret',
      severity: 'error',
      object: 'db/schema/20_settings.sql',
      objectKind: 'file',
      message: `An AWS access key id (${MASKED}) is written in db/schema/20_settings.sql.`,
      why: 'Credentials in the schema end up in every dump, backup and repository clone.',
      fix: 'Remove the key from the file, rotate it, and read it from the environment at run time.',
      location: { file: 'db/schema/20_settings.sql', line: 12 },
      fingerprint: '5b1f0c8e2a7d9e41',
    });
    expect(doc.findings.find((f: Finding) => f.object === 'app.customers.email').location).toBeNull();
    const withSuppressed = { ...result, suppressed: [{ ...result.findings[0]!, suppression: { file: 'db/schema/20_settings.sql', line: 11, reason: 'test key' } }] };
    expect(JSON.parse(formatResult(withSuppressed, 'json')).suppressed[0].suppression).toEqual({ file: 'db/schema/20_settings.sql', line: 11, reason: 'test key' });
  });
});

describe('github workflow commands', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('db/a,b:c.sql\n%')).toBe('db/a%2Cb%3Ac.sql%0A%25');
  });

  it('writes one annotation per finding, with file and line only when known', () => {
    const finding: Finding = {
      rule: 'hardcoded-secret',
      severity: 'warning',
      object: 'db/odd, name: 50%.sql',
      objectKind: 'file',
      message: 'Line one: 100%\nline two',
      why: '',
      fix: null,
      location: { file: 'db/odd, name: 50%.sql', line: 3, column: 7 },
      fingerprint: '0',
    };
    const info: Finding = { ...finding, severity: 'info', object: 'app.t', objectKind: 'table', location: null, message: 'No file.' };
    const lines = formatResult({ ...result, findings: [finding, info], skipped: [] }, 'github').split('\n');
    expect(lines[0]).toBe(
      '::warning file=db/odd%2C name%3A 50%25.sql,line=3,col=7,title=hardcoded-secret (db/odd%2C name%3A 50%25.sql)::Line one: 100%25%0Aline two',
    );
    expect(lines[1]).toBe('::notice title=hardcoded-secret (app.t)::No file.');
  });
});

describe('SARIF 2.1.0 structure', () => {
  // The schema validates the structure; the checks after it are what GitHub code scanning
  // additionally relies on (rule metadata, fingerprints, locations).
  const log = JSON.parse(formatResult(result, 'sarif', { configFile: 'confiture.lint.yml' }));
  const run = log.runs[0];

  it('validates against the official SARIF 2.1.0 JSON schema', () => {
    // unicodeRegExp off: the schema's language-tag pattern is only valid as a non-unicode RegExp.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema);
    for (const candidate of [log, JSON.parse(formatResult({ ...result, findings: [], skipped: [] }, 'sarif'))]) {
      const valid = validate(candidate);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
    // The validator does reject a broken log, so the test above can fail.
    expect(validate({ ...log, runs: [{ ...run, results: [{ level: 'fatal' }] }] })).toBe(false);
  });

  it('has the required top-level shape', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('confiture-lint');
    expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('describes each rule once, with texts, help and a valid default level', () => {
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(rule.fullDescription.text).not.toBe('');
      expect(rule.help.text).not.toBe('');
      expect(rule.help.markdown).toContain('```sql');
      expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
    }
  });

  it('gives every result a known rule, a level, a message, a physical location and a fingerprint', () => {
    expect(run.results).toHaveLength(result.findings.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(['none', 'note', 'warning', 'error']).toContain(r.level);
      expect(typeof r.message.text).toBe('string');
      expect(r.message.text.length).toBeGreaterThan(0);
      expect(r.locations).toHaveLength(1);
      const physical = r.locations[0].physicalLocation;
      expect(physical.artifactLocation.uri).not.toMatch(/^\/|^[a-z]+:\/\//i);
      expect(Number.isInteger(physical.region.startLine) && physical.region.startLine >= 1).toBe(true);
      expect(r.locations[0].logicalLocations[0].fullyQualifiedName).not.toBe('');
      expect(r.partialFingerprints['confiture/v1']).toMatch(/^[0-9a-f]+$/);
    }
  });

  it('points findings without a source location at the config file and says so', () => {
    const pii = run.results.find((r: { ruleId: string }) => r.ruleId === 'pii-column');
    expect(pii.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'confiture.lint.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
    expect(pii.message.text).toContain('app.customers.email has no source file location; reported at confiture.lint.yml');
    const fk = run.results.find((r: { ruleId: string; locations: any[] }) => r.ruleId === 'missing-fk-index' && r.locations[0].physicalLocation.region.startLine === 9);
    expect(fk.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'db/schema/10_orders.sql', uriBaseId: '%SRCROOT%' }, region: { startLine: 9, startColumn: 3 } });
  });

  it('maps severities to SARIF levels and reports skipped rules as notifications', () => {
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'error', 'error', 'warning', 'note']);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^unused-index skipped: /);
  });
});
