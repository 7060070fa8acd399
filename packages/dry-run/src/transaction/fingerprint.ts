import { createHash } from 'node:crypto';
import type { Queryable } from '@confiture/core';
import { inReadOnlyTransaction } from './read-only.js';
import { captureSequences } from './sequences.js';
import { quoteIdent, userNamespaceCondition } from './user-namespaces.js';

/** A digest of everything a migration could change, taken before and after a run. */
export interface CatalogFingerprint {
  /** Digest of all components. */
  readonly hash: string;
  /** Digest per component: `catalog:<table>`, `rows:<schema.table>`, `sequences`. */
  readonly components: Readonly<Record<string, string>>;
  /** Tables whose rows were not checksummed because they exceed the size limit. */
  readonly skippedTables: readonly string[];
}

/** Options of {@link computeFingerprint}. */
export interface FingerprintOptions {
  /** Tables larger than this are left out of the row checksums (default 64 MiB). */
  readonly maxTableBytes?: number;
  /** lock_timeout of the fingerprint's read-only transaction, so it never waits forever behind another session's lock. */
  readonly lockTimeoutMs: number;
}

export const DEFAULT_MAX_TABLE_BYTES = 64 * 1024 * 1024;

const USER_NS = `(select oid from pg_namespace where ${userNamespaceCondition('nspname')})`;
const USER_RELS = `(select oid from pg_class where relnamespace in ${USER_NS})`;
// Objects users create get oids from FirstNormalObjectId (16384) up.
const FIRST_NORMAL_OID = 16384;

// Only transactional columns: relpages, reltuples, relallvisible and relhasindex are updated in
// place (CREATE INDEX, VACUUM, ANALYZE) and may legitimately differ after a rolled-back run.
const CATALOG_QUERIES: Readonly<Record<string, string>> = {
  pg_namespace: `select oid, nspname, nspowner, nspacl from pg_namespace where oid in ${USER_NS}`,
  pg_class: `select oid, relname, relnamespace, relkind, relfilenode, reltype, relowner, relnatts, relchecks, relpersistence,
                    relacl, reloptions, relispartition, relrowsecurity, relforcerowsecurity, relreplident
               from pg_class where oid in ${USER_RELS}`,
  pg_attribute: `select attrelid, attnum, attname, atttypid, atttypmod, attnotnull, atthasdef, attisdropped, attidentity, attgenerated, attcollation
                   from pg_attribute where attrelid in ${USER_RELS}`,
  pg_attrdef: `select adrelid, adnum, pg_get_expr(adbin, adrelid) as expr from pg_attrdef where adrelid in ${USER_RELS}`,
  pg_constraint: `select oid, conname, connamespace, contype, conrelid, contypid, convalidated, pg_get_constraintdef(oid) as def
                    from pg_constraint where connamespace in ${USER_NS}`,
  pg_index: `select indexrelid, indrelid, indisunique, indisprimary, indisvalid, indisready, indislive, indkey::text as indkey,
                    pg_get_indexdef(indexrelid) as def
               from pg_index where indrelid in ${USER_RELS}`,
  pg_proc: `select oid, proname, pronamespace, proargtypes::text as args, prokind, prorettype, md5(prosrc) as src, proconfig
              from pg_proc where pronamespace in ${USER_NS}`,
  pg_type: `select oid, typname, typnamespace, typtype, typbasetype, typnotnull from pg_type where typnamespace in ${USER_NS}`,
  pg_enum: `select enumtypid, enumlabel, enumsortorder from pg_enum where enumtypid in (select oid from pg_type where typnamespace in ${USER_NS})`,
  pg_trigger: `select oid, tgrelid, tgname, tgenabled, tgfoid from pg_trigger where tgrelid in ${USER_RELS}`,
  pg_rewrite: `select oid, ev_class, rulename, ev_type, ev_enabled, md5(pg_get_ruledef(oid)) as def from pg_rewrite where ev_class in ${USER_RELS}`,
  pg_depend: `select classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype from pg_depend
               where objid >= ${FIRST_NORMAL_OID} or refobjid >= ${FIRST_NORMAL_OID}`,
  pg_description: `select objoid, classoid, objsubid, description from pg_description where objoid >= ${FIRST_NORMAL_OID}`,
};

function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\n');
  return hash.digest('hex').slice(0, 32);
}

/**
 * Fingerprints the user schemas: catalog rows (server-side md5 of each catalog's rows in a
 * stable order), row count and an order-independent checksum of each table up to a size limit,
 * and sequence positions. Runs outside the dry-run transaction, before and after it.
 */
export async function computeFingerprint(queryable: Queryable, options: FingerprintOptions): Promise<CatalogFingerprint> {
  return inReadOnlyTransaction(queryable, options.lockTimeoutMs, () => fingerprintInTransaction(queryable, options));
}

async function fingerprintInTransaction(queryable: Queryable, options: FingerprintOptions): Promise<CatalogFingerprint> {
  const maxBytes = options.maxTableBytes ?? DEFAULT_MAX_TABLE_BYTES;
  const components: Record<string, string> = {};

  const catalogSql = Object.entries(CATALOG_QUERIES)
    .map(([name, sql]) => `(select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) from (${sql}) t) as "${name}"`)
    .join(',\n');
  const { rows: catalogRows } = await queryable.query<Record<string, string>>(`select ${catalogSql}`);
  for (const name of Object.keys(CATALOG_QUERIES)) components[`catalog:${name}`] = String(catalogRows[0]?.[name] ?? '');

  const { rows: tables } = await queryable.query<{ schema: string; name: string; bytes: string | number }>(
    `select n.nspname as schema, c.relname as name, pg_relation_size(c.oid)::int8 as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'm') and ${userNamespaceCondition('n.nspname')} and has_table_privilege(c.oid, 'SELECT')
      order by n.nspname, c.relname`,
  );
  const skippedTables: string[] = [];
  const checked: Array<{ label: string; from: string }> = [];
  for (const t of tables) {
    const label = `${t.schema}.${t.name}`;
    if (Number(t.bytes) > maxBytes) skippedTables.push(label);
    else checked.push({ label, from: `${quoteIdent(t.schema)}.${quoteIdent(t.name)}` });
  }
  // Sum of row hashes: independent of physical order, which an aborted UPDATE may shuffle.
  for (let i = 0; i < checked.length; i += 200) {
    const chunk = checked.slice(i, i + 200);
    const sql = chunk
      .map((t, j) => `select ${j} as i, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::int8), 0)::text as sum from ${t.from} x`)
      .join(' union all ');
    const { rows } = await queryable.query<{ i: number; sum: string }>(sql);
    for (const row of rows) {
      const t = chunk[Number(row.i)];
      if (t) components[`rows:${t.label}`] = row.sum;
    }
  }

  const sequences = await captureSequences(queryable);
  components.sequences = digest(sequences.map((s) => `${s.name}=${s.lastValue}:${s.isCalled}`));

  const names = Object.keys(components).sort();
  return { hash: digest(names.map((n) => `${n}=${components[n]}`)), components, skippedTables };
}

/** The components that differ between two fingerprints (empty when identical). */
export function fingerprintDifferences(before: CatalogFingerprint, after: CatalogFingerprint): string[] {
  const names = new Set([...Object.keys(before.components), ...Object.keys(after.components)]);
  return [...names].filter((n) => before.components[n] !== after.components[n]).sort();
}
