import { z } from 'zod';
import type { LintRule, TableInfo } from '../types.js';
import { nameMatcher } from './lib/glob.js';
import { buildModel } from './lib/model.js';
import { validateWith } from './lib/options.js';
import { quoteIdent, quoteQualified } from './lib/quote.js';
import { grammaticalNumber, lastWord, matchesCase, pluralize, replaceLastWord, singularize, toCase, type CaseStyle } from './lib/words.js';

/** Options of `table-naming`. */
export type TableNamingOptions = {
  case: CaseStyle;
  /** `majority`: whichever of singular or plural most tables use. */
  plurality: 'majority' | 'singular' | 'plural' | 'any';
  /** Words that are fine either way (added to the built-in list: data, status, series, ...). */
  allow: string[];
  /** Table name globs that are not checked (tables owned by tools). */
  ignore: string[];
};

/**
 * Table globs the naming rules skip by default: tables owned and named by migration tools and
 * extensions.
 *
 * @example
 * ```ts
 * const options = { ignore: [...DEFAULT_TOOL_TABLES, 'legacy_*'] };
 * ```
 */
export const DEFAULT_TOOL_TABLES: readonly string[] = [
  'schema_migrations', '*_migrations', '_prisma_migrations', 'flyway_schema_history', 'ar_internal_metadata',
  'spatial_ref_sys', 'confiture_*', 'knex_migrations_lock', 'goose_db_version', 'databasechangelog*',
];

const optionsSchema = z.strictObject({
  case: z.enum(['snake', 'camel', 'pascal']).optional(),
  plurality: z.enum(['majority', 'singular', 'plural', 'any']).optional(),
  allow: z.array(z.string()).optional(),
  ignore: z.array(z.string()).optional(),
});

const CASE_LABEL: Record<CaseStyle, string> = { snake: 'snake_case', camel: 'camelCase', pascal: 'PascalCase' };

const WHY =
  'One convention for table names lets people and tools guess names right (is it user, users or User?), and ' +
  'mixed case forces double quotes in every query.';

/**
 * `table-naming`: one case convention (snake_case by default) and one grammatical number for
 * table names, decided by the majority of tables or by config. Words inflection gets wrong
 * (data, status, series, ...) count as neither.
 *
 * @example
 * ```ts
 * import { lint } from '@confiture/lint';
 * await lint(client, { rules: { 'table-naming': { options: { plurality: 'plural', allow: ['sms'] } } } });
 * ```
 */
export const tableNaming: LintRule<TableNamingOptions> = {
  id: 'table-naming',
  description: 'Table names follow one case convention and are consistently singular or plural.',
  defaultSeverity: 'warning',
  docs: {
    why: WHY,
    bad: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE "InvoiceLine" (id bigint PRIMARY KEY);  -- PascalCase and singular',
    good: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY);\nCREATE TABLE invoice_lines (id bigint PRIMARY KEY);',
  },
  defaultOptions: { case: 'snake', plurality: 'majority', allow: [], ignore: [...DEFAULT_TOOL_TABLES] },
  validateOptions: (options) => validateWith(optionsSchema, options),
  check(snapshot, options, report) {
    const model = buildModel(snapshot);
    const ignored = nameMatcher(options.ignore);
    const allow = new Set(options.allow.map((w) => w.toLowerCase()));
    const tables = model.checkedTables.filter((t) => !ignored(t.schema, t.name));
    const numberOf = new Map<TableInfo, ReturnType<typeof grammaticalNumber>>(tables.map((t) => [t, grammaticalNumber(lastWord(t.name), allow)]));
    const singular = [...numberOf.values()].filter((n) => n === 'singular').length;
    const plural = [...numberOf.values()].filter((n) => n === 'plural').length;
    let expected: 'singular' | 'plural' | null = null;
    let basis = '';
    if (options.plurality === 'singular' || options.plurality === 'plural') {
      expected = options.plurality;
      basis = `the configured convention is ${expected}`;
    } else if (options.plurality === 'majority' && singular !== plural) {
      expected = singular > plural ? 'singular' : 'plural';
      basis = `${Math.max(singular, plural)} of ${singular + plural} tables with a clearly singular or plural name are ${expected}`;
    }

    for (const table of tables) {
      const problems: string[] = [];
      let suggestion = table.name;
      if (!matchesCase(table.name, options.case)) {
        problems.push(`is not ${CASE_LABEL[options.case]}`);
        suggestion = toCase(table.name, options.case);
      }
      const number = numberOf.get(table);
      if (expected !== null && number !== 'neutral' && number !== expected) {
        problems.push(`is ${number} while ${basis}`);
        const word = lastWord(suggestion);
        suggestion = replaceLastWord(suggestion, expected === 'plural' ? pluralize(word) : singularize(word));
      }
      if (problems.length === 0) continue;
      report({
        object: table.qualifiedName,
        objectKind: 'table',
        table: table.qualifiedName,
        message: `Table name ${table.qualifiedName} ${problems.join(', and ')}.`,
        why: WHY,
        fix: suggestion !== table.name ? `ALTER TABLE ${quoteQualified(table.schema, table.name)} RENAME TO ${quoteIdent(suggestion)};` : null,
        location: table.location,
      });
    }
  },
};
