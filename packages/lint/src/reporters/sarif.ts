import { createRequire } from 'node:module';
import type { Finding, LintResult, RuleSummary, Severity } from '../types.js';
import type { FormatOptions } from './options.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const LOGICAL_KIND: Record<Finding['objectKind'], string> = {
  table: 'type',
  view: 'type',
  column: 'member',
  function: 'function',
  index: 'object',
  constraint: 'object',
  comment: 'text',
  file: 'module',
};

/** Version of this package, from its package.json (one level above src/ and dist/). */
function packageVersion(): string {
  try {
    return String((createRequire(import.meta.url)('../../package.json') as { version?: string }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

/** `PascalCase` name SARIF viewers show next to the id. */
const ruleName = (id: string): string =>
  id
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

function sqlBlock(sql: string): string {
  return `\`\`\`sql\n${sql}\n\`\`\``;
}

function ruleDescriptor(rule: RuleSummary) {
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.docs.why },
    help: {
      text: `${rule.docs.why}\n\nTriggers the rule:\n${rule.docs.bad}\n\nDoes not:\n${rule.docs.good}`,
      markdown: `${rule.docs.why}\n\n**Triggers the rule:**\n\n${sqlBlock(rule.docs.bad)}\n\n**Does not:**\n\n${sqlBlock(rule.docs.good)}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers. Each result has a physical location
 * (file and line) when the finding has one, and always a logical location (the database object).
 * GitHub drops results without a physical location, so a finding with no source location (linting
 * a live database) points at line 1 of the config file (`configFile`, default `confiture.yaml`) and
 * its message says so. `partialFingerprints["confiture/v1"]` is the finding's fingerprint.
 */
export function formatSarif(result: LintResult, options: FormatOptions = {}): string {
  const fallbackUri = options.configFile ?? 'confiture.yaml';
  const rules = result.rules.map(ruleDescriptor);
  const index = new Map(result.rules.map((r, i) => [r.id, i]));
  // A rule missing from result.rules (a hand-built result) still needs a descriptor.
  for (const f of result.findings) {
    if (index.has(f.rule)) continue;
    index.set(f.rule, rules.length);
    rules.push(ruleDescriptor({ id: f.rule, description: f.rule, severity: f.severity, docs: { why: f.why, bad: '', good: '' } }));
  }

  const results = result.findings.map((f) => {
    const physical = f.location
      ? {
          artifactLocation: { uri: f.location.file, uriBaseId: '%SRCROOT%' },
          region: { startLine: f.location.line, ...(f.location.column !== undefined ? { startColumn: f.location.column } : {}) },
        }
      : { artifactLocation: { uri: fallbackUri, uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } };
    const text = [
      f.message,
      ...(f.fix ? [`Fix: ${f.fix}`] : []),
      ...(f.location ? [] : [`(${f.object} has no source file location; reported at ${fallbackUri}.)`]),
    ].join('\n');
    return {
      ruleId: f.rule,
      ruleIndex: index.get(f.rule) ?? 0,
      level: LEVEL[f.severity],
      message: { text },
      locations: [
        {
          physicalLocation: physical,
          logicalLocations: [{ fullyQualifiedName: f.object, kind: LOGICAL_KIND[f.objectKind] ?? 'object' }],
        },
      ],
      partialFingerprints: { 'confiture/v1': f.fingerprint },
      properties: { object: f.object, objectKind: f.objectKind, why: f.why, ...(f.fix ? { fix: f.fix } : {}) },
    };
  });

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'confiture-lint',
            informationUri: 'https://github.com/confiture-db/confiture/tree/main/packages/lint',
            version: options.toolVersion ?? packageVersion(),
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The project root (the directory of confiture.yaml).' } } },
        results,
        ...(result.skipped.length > 0
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: result.skipped.map((s) => ({
                    level: 'note',
                    message: { text: `${s.rule} skipped: ${s.reason}` },
                    descriptor: { id: s.rule },
                  })),
                },
              ],
            }
          : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
