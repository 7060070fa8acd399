import { z } from 'zod';
import type { Queryable } from '@confiture/core';
import type { ColumnInfo, LintRule, TableInfo } from '../types.js';
import { buildModel } from './lib/model.js';
import { isValidRegex, validateWith } from './lib/options.js';
import {
  BUSINESS_CONTACT_CATEGORIES,
  IP_CATEGORY,
  PII_CATEGORIES,
  describesOrganizations,
  describesPeople,
  holdsNetworkAddresses,
  matchPiiCategory,
  typeFamily,
  type PiiCategory,
} from './lib/pii.js';
import { quoteIdent, quoteQualified } from './lib/quote.js';

/** A user-defined personal data pattern: a regular expression on column names. */
export type PiiExtraPattern = string | { pattern: string; label?: string; strategy?: string };

/** Options of `pii-column`. */
export type PiiColumnOptions = {
  /** More column-name patterns (regular expressions, case-insensitive) that hold personal data. */
  extraPatterns: PiiExtraPattern[];
  /** With sampling on, the share of sampled values that must have the expected shape to confirm a match (0..1). */
  sampleConfirmThreshold: number;
  /** Built-in categories to leave out (email, ip-address, phone, birth-date, national-id, payment-card, postal-code, postal-address, person-name, photo, username). */
  ignoreCategories: string[];
};

const optionsSchema = z.strictObject({
  extraPatterns: z
    .array(
      z.union([
        z.string().refine(isValidRegex, 'not a valid regular expression'),
        z.strictObject({ pattern: z.string().refine(isValidRegex, 'not a valid regular expression'), label: z.string().optional(), strategy: z.string().optional() }),
      ]),
    )
    .optional(),
  sampleConfirmThreshold: z.number().min(0).max(1).optional(),
  ignoreCategories: z.array(z.enum(PII_CATEGORIES.map((c) => c.id) as [string, ...string[]])).optional(),
});

const WHY =
  'Personal data copied to development, staging, analytics or support tools multiplies the places a breach or a ' +
  'data-subject request must cover. Knowing where it lives is the first step to anonymizing those copies.';

function customCategories(extra: readonly PiiExtraPattern[]): Array<{ re: RegExp; category: PiiCategory }> {
  return extra.map((entry, i) => {
    const spec = typeof entry === 'string' ? { pattern: entry } : entry;
    return {
      re: new RegExp(spec.pattern, 'i'),
      category: {
        id: `custom-${i + 1}`,
        label: spec.label ?? 'personal data (custom pattern)',
        strategy: spec.strategy ?? 'redact',
        strategyHint: 'as configured',
        phrases: [],
        types: ['text', 'other', 'integer', 'numeric', 'date', 'timestamp', 'inet', 'uuid', 'json', 'binary'],
        shape: () => true,
      },
    };
  });
}

const MAX_VALUE_LENGTH = 320;

type Sampled = { sampled: number; matching: number; ips: number } | 'failed';

async function sampleColumn(queryable: Queryable, table: TableInfo, column: ColumnInfo, category: PiiCategory, rows: number): Promise<Sampled> {
  const col = quoteIdent(column.name);
  try {
    const result = await queryable.query<{ v: string | null }>(
      // Personal data values are short: reading a prefix keeps big documents off the wire, and a
      // value longer than that has no shape of ours anyway.
      `SELECT left(${col}::text, ${MAX_VALUE_LENGTH + 1}) AS v FROM ${quoteQualified(table.schema, table.name)} WHERE ${col} IS NOT NULL LIMIT $1`,
      [rows],
    );
    // Values are only measured against shapes here and dropped: they never reach a finding.
    let matching = 0;
    let ips = 0;
    for (const row of result.rows) {
      const value = row.v ?? '';
      if (value.length > MAX_VALUE_LENGTH) continue;
      if (category.shape(value)) matching++;
      if (IP_CATEGORY.shape(value)) ips++;
    }
    return { sampled: result.rows.length, matching, ips };
  } catch {
    return 'failed';
  }
}

/**
 * `pii-column`: columns whose name (and type) say they hold personal data: e-mail, phone, birth
 * date, national ids, card and bank numbers, postal addresses and codes, IPs, names, photos of
 * people, user names. The address and phone of an organization (a table with a company name and no person
 * name, such as suppliers) are business details, and the address or IP of a server, host or
 * wallet is infrastructure: neither is reported. With `sample > 0` and a live
 * database, sampled values confirm or dismiss each match (values are never reported). Each
 * finding suggests an anonymization strategy.
 *
 * @example
 * ```ts
 * import { lint } from '@confiture/lint';
 * const result = await lint(client, { rules: { 'pii-column': { options: { extraPatterns: ['^loyalty_card'] } } } }, { sample: 50 });
 * ```
 */
export const piiColumn: LintRule<PiiColumnOptions> = {
  id: 'pii-column',
  description: 'Columns holding personal data are known, with an anonymization strategy.',
  defaultSeverity: 'info',
  docs: {
    why: WHY,
    bad: "CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  email text NOT NULL,\n  phone text,\n  birth_date date\n);  -- reported so copies can be anonymized",
    good: 'CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  email_verified boolean NOT NULL,\n  plan text NOT NULL\n);',
  },
  defaultOptions: { extraPatterns: [], sampleConfirmThreshold: 0.6, ignoreCategories: [] },
  validateOptions: (options) => validateWith(optionsSchema, options),
  async check(snapshot, options, report, context) {
    const model = buildModel(snapshot);
    const custom = customCategories(options.extraPatterns);
    const builtIn = PII_CATEGORIES.filter((c) => !options.ignoreCategories.includes(c.id));
    const sampling = context.sample > 0 && context.queryable !== undefined;
    for (const table of model.checkedTables) {
      const columnNames = table.columns.map((c) => c.name);
      const organizations = describesOrganizations(table.name, columnNames);
      const people = describesPeople(table.name, columnNames);
      const networkAddresses = holdsNetworkAddresses(table.name);
      for (const column of table.columns) {
        const family = typeFamily(column.type);
        let category = family === 'boolean' ? null : (custom.find((c) => c.re.test(column.name))?.category ?? null);
        category ??= matchPiiCategory(column.name, column.type, builtIn, { people });
        if (!category) continue;
        if (organizations && BUSINESS_CONTACT_CATEGORIES.has(category.id)) continue;
        // A server's address or IP is infrastructure, not a person's.
        if (networkAddresses && (category.id === 'postal-address' || category.id === 'ip-address')) continue;
        let evidence = '';
        if (sampling && context.queryable && category.phrases.length > 0) {
          const sampled = await sampleColumn(context.queryable, table, column, category, context.sample);
          if (sampled === 'failed') {
            evidence = ' (values could not be sampled)';
          } else if (sampled.sampled === 0) {
            evidence = ' (no values to sample yet)';
          } else if (sampled.matching / sampled.sampled >= options.sampleConfirmThreshold) {
            evidence = `; confirmed by sampling: ${sampled.matching} of ${sampled.sampled} values have the shape of ${article(category.label)}`;
          } else if (category.id === 'postal-address' && sampled.ips / sampled.sampled >= options.sampleConfirmThreshold) {
            category = IP_CATEGORY;
            evidence = `; sampling shows IP addresses (${sampled.ips} of ${sampled.sampled} values), not postal addresses`;
          } else {
            // The name said personal data, the values say otherwise: dismissed.
            continue;
          }
        }
        report({
          object: `${table.qualifiedName}.${column.name}`,
          objectKind: 'column',
          table: table.qualifiedName,
          column: column.name,
          message: `Column ${table.qualifiedName}.${column.name} (${column.type}) looks like personal data: ${article(category.label)}${evidence}.`,
          why: WHY,
          fix: `Anonymize it in non-production copies with strategy ${category.strategy} (${category.strategyHint}).`,
          location: column.location ?? table.location,
        });
      }
    }
  },
};

function article(label: string): string {
  if (/^personal/.test(label)) return label;
  // By sound, not spelling: "an e-mail address", "an IP address", "a user name".
  return /^(?:[aeio]|IP\b|u(?!s))/i.test(label) ? `an ${label}` : `a ${label}`;
}
