import { z } from 'zod';
import type { IndexInfo, IndexKeyPart, LintRule } from '../types.js';
import { buildModel } from './lib/model.js';
import { validateWith } from './lib/options.js';
import { quoteIdent, quoteQualified } from './lib/quote.js';

/** Options of `redundant-index` (none yet). */
export type RedundantIndexOptions = Record<string, never>;

const WHY =
  'Every index is written on each INSERT and on UPDATEs of its columns, takes disk and cache space, and is ' +
  'copied by backups and replicas. An index that another index already serves costs all that for nothing.';

const normalize = (text: string | null): string | null => (text === null ? null : text.replace(/\s+/g, ' ').trim());

function sameKey(a: IndexKeyPart, b: IndexKeyPart, reversed: boolean): boolean {
  return (
    a.column === b.column &&
    normalize(a.expression) === normalize(b.expression) &&
    a.opclass === b.opclass &&
    (a.collation ?? null) === (b.collation ?? null) &&
    a.descending === (reversed ? !b.descending : b.descending) &&
    a.nullsFirst === (reversed ? !b.nullsFirst : b.nullsFirst)
  );
}

// Whether `short`'s keys are the first keys of `long`. A b-tree is scanned both ways, so an index
// whose every key has the opposite direction and NULLS placement serves the same orderings.
function isKeyPrefix(short: IndexInfo, long: IndexInfo): boolean {
  if (short.keys.length > long.keys.length) return false;
  const matches = (reversed: boolean): boolean => short.keys.every((k, i) => sameKey(k, long.keys[i] as IndexKeyPart, reversed));
  return matches(false) || (short.method === 'btree' && matches(true));
}

function keyColumns(index: IndexInfo): Set<string> {
  return new Set([...index.keys.map((k) => k.column).filter((c): c is string => c !== null), ...index.include]);
}

/** How much an index is worth keeping when two are interchangeable: lower is kept first. */
function keepRank(index: IndexInfo): number {
  if (index.isPrimary) return 0;
  if (index.constraint !== null) return 1;
  if (index.isUnique) return 2;
  if (index.parentIndex !== null) return 3;
  return 4;
}

type Verdict = { kind: 'duplicate' | 'prefix'; keeper: IndexInfo };

/** Whether `candidate` can be dropped because `other` serves everything it does. */
function redundantTo(candidate: IndexInfo, other: IndexInfo): Verdict | null {
  if (candidate.oid === other.oid || !other.isValid) return null;
  if (candidate.method !== other.method || normalize(candidate.predicate) !== normalize(other.predicate)) return null;
  if (!isKeyPrefix(candidate, other)) return null;
  const otherColumns = keyColumns(other);
  if (!candidate.include.every((c) => otherColumns.has(c))) return null;
  const duplicate = candidate.keys.length === other.keys.length;
  if (!duplicate && candidate.method !== 'btree') return null;
  if (candidate.isUnique) {
    // A unique index enforces something; only an identical unique index enforces the same thing.
    if (!duplicate || !other.isUnique || candidate.nullsNotDistinct !== other.nullsNotDistinct) return null;
  }
  if (duplicate) {
    const otherIncludesAll = candidate.include.length === other.include.length;
    // Identical indexes: keep the one that matters more, then the older one.
    if (otherIncludesAll) {
      const [rc, ro] = [keepRank(candidate), keepRank(other)];
      if (rc < ro || (rc === ro && candidate.oid < other.oid)) return null;
    }
    return { kind: 'duplicate', keeper: other };
  }
  return { kind: 'prefix', keeper: other };
}

// pg_get_indexdef already parenthesizes expressions that need it (`(id + 1)`, not `lower(email)`).
function describeKeys(index: IndexInfo): string {
  return index.keys.map((k) => k.column ?? k.expression ?? '?').join(', ');
}

/**
 * `redundant-index`: exact duplicates and b-tree indexes whose columns are a prefix of another
 * index's. Columns, expressions, predicates, operator classes, collations, sort order and access
 * method must all match; a unique or primary key index is never reported as redundant to a
 * non-unique one, and indexes attached to a partitioned index are judged at the parent.
 *
 * @example
 * ```ts
 * import { redundantIndex } from '@confiture/lint';
 * console.log(redundantIndex.docs.bad);
 * ```
 */
export const redundantIndex: LintRule<RedundantIndexOptions> = {
  id: 'redundant-index',
  description: 'No index duplicates another or is a prefix of another.',
  defaultSeverity: 'warning',
  docs: {
    why: WHY,
    bad:
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, ordered_at date);\n' +
      'CREATE INDEX orders_customer_idx ON orders (customer_id);\nCREATE INDEX orders_customer_date_idx ON orders (customer_id, ordered_at);',
    good:
      'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, ordered_at date, status text, email text);\n' +
      'CREATE INDEX orders_customer_date_idx ON orders (customer_id, ordered_at);\n' +
      "-- a different predicate or expression: not redundant\nCREATE INDEX orders_open_idx ON orders (customer_id) WHERE status = 'open';\n" +
      'CREATE INDEX orders_email_lower_idx ON orders (lower(email));',
  },
  defaultOptions: {},
  validateOptions: (options) => validateWith(z.strictObject({}), options),
  check(snapshot, _options, report) {
    const model = buildModel(snapshot);
    for (const table of snapshot.tables) {
      const indexes = model.indexesOf(table.qualifiedName);
      if (indexes.length < 2) continue;
      for (const candidate of indexes) {
        // The primary key, exclusion constraints and partition members cannot be dropped on their own.
        if (!candidate.isValid || candidate.isPrimary || candidate.parentIndex !== null) continue;
        if (candidate.constraint !== null && !candidate.isUnique) continue;
        let verdict: Verdict | null = null;
        for (const other of indexes) {
          const v = redundantTo(candidate, other);
          if (v && (!verdict || (verdict.kind === 'prefix' && v.kind === 'duplicate'))) verdict = v;
        }
        if (!verdict) continue;
        const keeper = verdict.keeper;
        const name = `${candidate.schema}.${candidate.name}`;
        const keeperName = `${keeper.schema}.${keeper.name}`;
        const message =
          verdict.kind === 'duplicate'
            ? `Index ${name} on ${table.qualifiedName} (${describeKeys(candidate)}) duplicates ${keeperName}${keeper.constraint ? ` (backing constraint ${keeper.constraint})` : ''}.`
            : `Index ${name} on ${table.qualifiedName} (${describeKeys(candidate)}) is a prefix of ${keeperName} (${describeKeys(keeper)}), which serves the same lookups.`;
        const target = quoteQualified(candidate.schema, candidate.name);
        const fix =
          candidate.constraint !== null
            ? `ALTER TABLE ${quoteQualified(table.schema, table.name)} DROP CONSTRAINT ${quoteIdent(candidate.constraint)};`
            : candidate.partitioned
              ? `DROP INDEX ${target};`
              : `DROP INDEX CONCURRENTLY ${target};`;
        report({
          object: name,
          objectKind: 'index',
          table: table.qualifiedName,
          message,
          why: WHY,
          fix,
          location: candidate.location,
        });
      }
    }
  },
};
