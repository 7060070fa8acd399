import { z } from 'zod';
import type { ColumnInfo, LintRule, TableInfo } from '../types.js';
import { nameMatcher } from './lib/glob.js';
import { buildModel, primaryKeyColumns, type SnapshotModel } from './lib/model.js';
import { validateWith } from './lib/options.js';
import { typeFamily } from './lib/pii.js';
import { quoteIdent, quoteQualified } from './lib/quote.js';
import { lastWord, matchesCase, singularize, splitWords, toCase, type CaseStyle } from './lib/words.js';
import { DEFAULT_TOOL_TABLES } from './table-naming.js';

/** Options of `column-naming`. */
export type ColumnNamingOptions = {
  case: CaseStyle;
  /** Name of single-column surrogate primary keys; `majority` follows most tables. */
  primaryKey: 'majority' | 'id' | '<table>_id' | 'any';
  /** `<table>_id`: a column referencing a table's surrogate key that mentions the table is named `<table>_id` (optionally `<role>_<table>_id`). */
  foreignKey: '<table>_id' | 'any';
  /** Table name globs that are not checked (tables owned by tools). */
  ignore: string[];
};

const optionsSchema = z.strictObject({
  case: z.enum(['snake', 'camel', 'pascal']).optional(),
  primaryKey: z.enum(['majority', 'id', '<table>_id', 'any']).optional(),
  foreignKey: z.enum(['<table>_id', 'any']).optional(),
  ignore: z.array(z.string()).optional(),
});

const CASE_LABEL: Record<CaseStyle, string> = { snake: 'snake_case', camel: 'camelCase', pascal: 'PascalCase' };

const WHY =
  'Consistent column names make joins guessable (orders.customer_id = customers.id) and spare double quotes; ' +
  'a key named differently in one table is a trap for whoever writes the next query.';

type KeyStyle = 'id' | '<table>_id' | 'other';

/** Word sequences a table is called by in key names: `order_items` -> order_items, order_item, item. */
function tableStems(table: TableInfo): string[][] {
  const words = splitWords(table.name);
  const last = lastWord(table.name);
  const singular = singularize(last);
  const stems = [words, [...words.slice(0, -1), singular], [singular], [last]];
  const seen = new Set<string>();
  return stems.filter((s) => s.length > 0 && !seen.has(s.join(' ')) && seen.add(s.join(' ')));
}

function endsWithWords(list: readonly string[], tail: readonly string[]): boolean {
  return tail.length <= list.length && tail.every((w, i) => list[list.length - tail.length + i] === w);
}

function keyStyle(table: TableInfo, column: string): KeyStyle {
  const words = splitWords(column);
  if (words.length === 1 && words[0] === 'id') return 'id';
  if (tableStems(table).some((stem) => words.length === stem.length + 1 && endsWithWords(words, [...stem, 'id']))) return '<table>_id';
  return 'other';
}

// Natural keys (country codes, e-mail addresses) are named for what they are: only surrogate
// keys are held to the id / <table>_id convention.
function isSurrogate(column: ColumnInfo | undefined): boolean {
  if (!column) return false;
  const family = typeFamily(column.type);
  return family === 'integer' || family === 'uuid';
}

function singlePrimaryKey(model: SnapshotModel, table: TableInfo): ColumnInfo | undefined {
  const pk = primaryKeyColumns(model, table);
  if (!pk || pk.length !== 1) return undefined;
  const column = table.columns.find((c) => c.name === pk[0]);
  return isSurrogate(column) ? column : undefined;
}

function expectedKeyName(table: TableInfo, style: 'id' | '<table>_id', caseStyle: CaseStyle): string {
  if (style === 'id') return toCase('id', caseStyle);
  const words = splitWords(table.name);
  return toCase([...words.slice(0, -1), singularize(lastWord(table.name)), 'id'].join('_'), caseStyle);
}

/**
 * `column-naming`: column names follow the case convention, single-column surrogate primary
 * keys are consistently `id` or `<table>_id`, and a column referencing another table's key
 * that mentions that table is named `<table>_id` (role prefixes such as `billing_address_id`
 * and role names such as `reports_to` are fine).
 *
 * @example
 * ```ts
 * import { lint } from '@confiture/lint';
 * await lint(client, { rules: { 'column-naming': { options: { primaryKey: 'id' } } } });
 * ```
 */
export const columnNaming: LintRule<ColumnNamingOptions> = {
  id: 'column-naming',
  description: 'Column names follow one case convention and keys are named consistently.',
  defaultSeverity: 'warning',
  docs: {
    why: WHY,
    bad: 'CREATE TABLE customers (id bigint PRIMARY KEY, "firstName" text);\nCREATE TABLE orders (order_id bigint PRIMARY KEY, customerid bigint REFERENCES customers);\nCREATE TABLE invoices (id bigint PRIMARY KEY);',
    good: 'CREATE TABLE customers (id bigint PRIMARY KEY, first_name text);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE TABLE invoices (id bigint PRIMARY KEY);',
  },
  defaultOptions: { case: 'snake', primaryKey: 'majority', foreignKey: '<table>_id', ignore: [...DEFAULT_TOOL_TABLES] },
  validateOptions: (options) => validateWith(optionsSchema, options),
  check(snapshot, options, report) {
    const model = buildModel(snapshot);
    const ignored = nameMatcher(options.ignore);
    const tables = model.checkedTables.filter((t) => !ignored(t.schema, t.name));
    const checked = new Set(tables);
    const problems = new Map<string, { table: TableInfo; column: string; issues: string[]; rename: string }>();
    const add = (table: TableInfo, column: string, issue: string, rename: string): void => {
      const key = `${table.qualifiedName}\u0000${column}`;
      const entry = problems.get(key) ?? { table, column, issues: [], rename: column };
      entry.issues.push(issue);
      if (rename !== column) entry.rename = rename;
      problems.set(key, entry);
    };

    for (const table of tables) {
      for (const column of table.columns) {
        if (!matchesCase(column.name, options.case)) add(table, column.name, `is not ${CASE_LABEL[options.case]}`, toCase(column.name, options.case));
      }
    }

    if (options.primaryKey !== 'any') {
      const keys = tables.flatMap((t) => {
        const column = singlePrimaryKey(model, t);
        return column ? [{ table: t, column, style: keyStyle(t, column.name) }] : [];
      });
      let expected: 'id' | '<table>_id' | null = null;
      let basis = '';
      if (options.primaryKey === 'majority') {
        const ids = keys.filter((k) => k.style === 'id').length;
        const named = keys.filter((k) => k.style === '<table>_id').length;
        if (ids !== named) {
          expected = ids > named ? 'id' : '<table>_id';
          basis = `${Math.max(ids, named)} of ${ids + named} surrogate primary keys are named ${expected}`;
        }
      } else {
        expected = options.primaryKey;
        basis = `the configured convention is ${expected}`;
      }
      if (expected !== null) {
        for (const key of keys) {
          // In majority mode only the other recognized style is inconsistent; a configured
          // convention also applies to keys named neither way.
          if (key.style === expected || (options.primaryKey === 'majority' && key.style === 'other')) continue;
          add(key.table, key.column.name, `is the primary key but ${basis}`, expectedKeyName(key.table, expected, options.case));
        }
      }
    }

    if (options.foreignKey === '<table>_id') {
      for (const fk of snapshot.constraints) {
        if (fk.type !== 'foreign-key' || fk.foreignKey === null || fk.inherited || fk.columns.length !== 1) continue;
        const table = model.table(fk.table);
        const target = model.table(fk.foreignKey.referencedTable);
        if (!table || !target || !checked.has(table)) continue;
        const targetKey = singlePrimaryKey(model, target);
        if (!targetKey || fk.foreignKey.referencedColumns[0] !== targetKey.name) continue;
        const column = fk.columns[0] as string;
        if (column === targetKey.name) continue;
        const words = splitWords(column);
        const stems = tableStems(target);
        if (stems.some((stem) => endsWithWords(words, [...stem, 'id']))) continue;
        // Role names that do not mention the table (reports_to, ship_via, manager_id) say more than
        // <table>_id would; only a column that names the table in another form is inconsistent.
        const compact = column.toLowerCase().replace(/[^a-z0-9]/g, '');
        const mentions = stems.some((stem) => stem.join('').length >= 3 && compact.includes(stem.join('')));
        if (!mentions) continue;
        const role = words.filter((w) => !stems.some((s) => s.includes(w) || (s.join('').length >= 3 && w.includes(s.join('')))) && !['id', 'fk', 'ref'].includes(w));
        const rename = toCase([...role, ...(stems[1] ?? stems[0] ?? []), 'id'].join('_'), options.case);
        add(table, column, `references ${target.qualifiedName}.${targetKey.name} but is not named <table>_id (e.g. ${rename})`, rename);
      }
    }

    for (const { table, column, issues, rename } of problems.values()) {
      report({
        object: `${table.qualifiedName}.${column}`,
        objectKind: 'column',
        table: table.qualifiedName,
        column,
        message: `Column ${table.qualifiedName}.${column} ${issues.join(', and ')}.`,
        why: WHY,
        fix: rename !== column ? `ALTER TABLE ${quoteQualified(table.schema, table.name)} RENAME COLUMN ${quoteIdent(column)} TO ${quoteIdent(rename)};` : null,
        location: table.columns.find((c) => c.name === column)?.location ?? table.location,
      });
    }
  },
};
