// The catalog queries behind loadSnapshot. Each one is set-based over every object of the chosen
// schemas ($1 = schema names), so the number of round trips does not depend on the schema size.
// Numbers are cast to float8 so node-postgres and PGlite both return JavaScript numbers
// (int8 would come back as strings or bigints). No ORDER BY: sorting wide rows spills to disk on
// big catalogs, so the loader sorts in JavaScript.

/**
 * Objects created by an extension belong to it, not to the project: never lint them. NOT IN over
 * the few extension members becomes one hashed lookup, cheaper than probing pg_depend per row.
 * Membership rows always reference pg_extension: starting from that side reads them through
 * pg_depend_reference_index instead of scanning the whole of pg_depend (200,000 rows for
 * 10,000 tables) once per query.
 */
const notExtensionOwned = (catalog: string, oid: string): string =>
  `${oid} not in (select dep.objid from pg_depend dep where dep.refclassid = 'pg_extension'::regclass and dep.classid = '${catalog}'::regclass and dep.deptype = 'e')`;

const qualifiedRel = (cls: string, ns: string): string => `${ns}.nspname || '.' || ${cls}.relname`;

/**
 * Server facts, the candidate schemas (the include/exclude globs are applied in JavaScript),
 * names of every operator class and collation (a few hundred rows: reading them all is cheaper
 * than unnesting pg_index to find the ones indexes use), and the keywords quote_ident() quotes.
 */
export const META_QUERY = `
select current_setting('server_version_num')::int as server_version,
       version() as version,
       current_setting('track_counts') as track_counts,
       (select stats_reset from pg_stat_database where datname = current_database()) as stats_reset,
       pg_postmaster_start_time() as started_at,
       now() as now,
       (select coalesce(json_agg(n.nspname order by n.nspname), '[]'::json)
          from pg_namespace n
         where n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
           and ${notExtensionOwned('pg_namespace', 'n.oid')}) as schemas,
       (select coalesce(json_object_agg(oc.oid, json_build_array(case when ns.nspname = 'pg_catalog' then oc.opcname else ns.nspname || '.' || oc.opcname end, oc.opcdefault)), '{}'::json)
          from pg_opclass oc join pg_namespace ns on ns.oid = oc.opcnamespace) as opclass_names,
       (select coalesce(json_object_agg(co.oid, case when ns.nspname = 'pg_catalog' then co.collname else ns.nspname || '.' || co.collname end), '{}'::json)
          from pg_collation co join pg_namespace ns on ns.oid = co.collnamespace) as collation_names,
       (select coalesce(json_agg(k.word), '[]'::json) from pg_get_keywords() k where k.catcode <> 'U') as quoted_keywords`;

/**
 * Size of a relation: pg_class.relpages (as of the last VACUUM, ANALYZE or CREATE INDEX) times the
 * block size by default, which reads no file; `exact` asks the file system for every relation, which
 * costs seconds on tens of thousands of tables.
 */
const sizeOf = (cls: string, exact: boolean, fn: 'pg_table_size' | 'pg_relation_size'): string =>
  exact ? `${fn}(${cls}.oid)::float8` : `greatest(${cls}.relpages, 0)::float8 * current_setting('block_size')::float8`;

export function tablesQuery(exactSizes: boolean): string {
  // Parents come from one aggregate over pg_inherits joined by hash, not from two subqueries run
  // for every table. A partition has exactly one parent.
  return `
select c.oid::int8::float8 as oid, n.nspname as schema, c.relname as name, c.relkind::text as relkind,
       case when c.relispartition then ih.parents ->> 0 end as partition_of,
       case when c.relispartition then '[]'::json else coalesce(ih.parents, '[]'::json) end as inherits,
       c.reltuples::float8 as row_estimate,
       ${sizeOf('c', exactSizes, 'pg_table_size')} as size_bytes
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  left join (select i.inhrelid, json_agg(${qualifiedRel('pc', 'pn')} order by i.inhseqno) as parents
               from pg_inherits i join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
              group by i.inhrelid) ih on ih.inhrelid = c.oid
 where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'f')
   and ${notExtensionOwned('pg_class', 'c.oid')}`;
}

export function columnsQuery(serverVersion: number): string {
  // attgenerated exists since PostgreSQL 12; 'v' (virtual) since 18.
  const generated = serverVersion >= 120000 ? 'a.attgenerated::text' : `''`;
  return `
select a.attrelid::int8::float8 as table_oid, a.attname as name, a.attnum::int as position,
       format_type(a.atttypid, a.atttypmod) as type, a.atttypid::int8::float8 as type_oid, a.attnotnull as not_null,
       pg_get_expr(ad.adbin, ad.adrelid, true) as default_expr,
       a.attidentity::text as identity, ${generated} as generated,
       case when a.attcollation = 0 or a.attcollation = t.typcollation or a.attcollation = 100 then null
            when cn.nspname = 'pg_catalog' then co.collname else cn.nspname || '.' || co.collname end as collation
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
  join pg_type t on t.oid = a.atttypid
  left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  left join pg_collation co on co.oid = a.attcollation left join pg_namespace cn on cn.oid = co.collnamespace
 where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'f')
   and a.attnum > 0 and not a.attisdropped
   and ${notExtensionOwned('pg_class', 'c.oid')}`;
}

export function indexesQuery(serverVersion: number, exactSizes: boolean): string {
  const nullsNotDistinct = serverVersion >= 150000 ? 'i.indnullsnotdistinct' : 'false';
  // Key parts come back as arrays; the loader names them from the columns query and the opclass
  // and collation lookups of META_QUERY (joining them here costs a sort and a scan per index), and
  // rebuilds the definition (pg_get_indexdef is the most expensive call of the snapshot).
  // Expression keys are printed only for indexes that have some.
  // The driver parses every field of every row on its own, so flags travel as the bits of one
  // number (INDEX_FLAGS) and the four key vectors as their text in one field
  // ('1 2/3124 3124/0 0/0 0'). An index always lives in its table's schema.
  return `
select i.indexrelid::int8::float8 as oid, ic.relname as name, tn.nspname as table_schema, tc.relname as table_relname,
       i.indrelid::int8::float8 as table_oid, am.amname as method,
       (i.indisunique::int + 2 * i.indisprimary::int + 4 * (i.indisvalid and i.indisready)::int
        + 8 * ${nullsNotDistinct}::int + 16 * (ic.relkind = 'I')::int) as flags,
       i.indnkeyatts::int as key_count,
       i.indkey::text || '/' || i.indclass::text || '/' || i.indcollation::text || '/' || i.indoption::text as vectors,
       case when 0 = any(i.indkey::int2[])
            then (select json_agg(json_build_array(pg_get_indexdef(i.indexrelid, k, true), pg_get_indexdef(i.indexrelid, k, false)) order by k)
                    from generate_series(1, i.indnkeyatts::int) as k) end as key_texts,
       pg_get_expr(i.indpred, i.indrelid, true) as predicate,
       pg_get_expr(i.indpred, i.indrelid, false) as predicate_plain,
       cs.conname as constraint_name,
       parent.name as parent_index,
       ${exactSizes ? 'pg_relation_size(i.indexrelid)::float8' : `greatest(ic.relpages, 0)::float8 * current_setting('block_size')::float8`} as size_bytes,
       pg_stat_get_numscans(i.indexrelid)::float8 as scans
  from pg_index i
  join pg_class ic on ic.oid = i.indexrelid
  join pg_class tc on tc.oid = i.indrelid join pg_namespace tn on tn.oid = tc.relnamespace
  join pg_am am on am.oid = ic.relam
  left join pg_constraint cs on cs.conindid = i.indexrelid and cs.conrelid = i.indrelid and cs.contype in ('p', 'u', 'x')
  -- Parents joined as one unit, so the few pg_inherits rows drive the lookup instead of a hash
  -- of the whole of pg_class.
  left join (select ih.inhrelid, ${qualifiedRel('pc', 'pn')} as name
               from pg_inherits ih join pg_class pc on pc.oid = ih.inhparent join pg_namespace pn on pn.oid = pc.relnamespace) parent
         on parent.inhrelid = i.indexrelid
 where tn.nspname = any($1::text[]) and tc.relkind in ('r', 'p')
   and ${notExtensionOwned('pg_class', 'tc.oid')}`;
}

/** Bits of the `flags` field of {@link indexesQuery}. */
export const INDEX_FLAGS = { unique: 1, primary: 2, valid: 4, nullsNotDistinct: 8, partitioned: 16 } as const;

/**
 * Constraints whose definition the loader can spell itself (see constraintDefinition): primary
 * keys, unique constraints and plain foreign keys, on the server versions whose
 * pg_get_constraintdef spelling is known. Calling pg_get_constraintdef for each of tens of
 * thousands of keys was the most expensive part of this query; the others still get it.
 */
function definedLocally(serverVersion: number): string {
  if (serverVersion >= 190000) return 'false';
  const conditions = [
    `co.contype in ('p', 'u', 'f')`,
    `current_setting('quote_all_identifiers') = 'off'`,
    // A temporary table's schema prints as pg_temp, not as its pg_temp_N name.
    `(co.contype <> 'f' or rn.nspname not like 'pg\\_temp\\_%')`,
  ];
  // ON DELETE SET NULL (columns) since 15; temporal keys and NOT ENFORCED since 18.
  if (serverVersion >= 150000) conditions.push('co.confdelsetcols is null');
  if (serverVersion >= 180000) conditions.push('co.conenforced', 'not co.conperiod');
  return conditions.join(' and ');
}

export function constraintsQuery(serverVersion: number): string {
  const local = definedLocally(serverVersion);
  // As in indexesQuery: flags as bits (CONSTRAINT_FLAGS), key arrays as text ('{1,2}'), the
  // three referential action letters in one field (update, delete, match). A constraint always
  // lives in its table's schema.
  return `
select co.oid::int8::float8 as oid, co.conname as name, tn.nspname as table_schema, tc.relname as table_relname,
       co.contype::text as contype, co.conrelid::int8::float8 as table_oid, co.confrelid::int8::float8 as referenced_oid,
       co.conkey::text as keys, co.confkey::text as referenced_keys,
       case when ${local} then null else pg_get_constraintdef(co.oid, true) end as definition,
       (co.convalidated::int + 2 * co.condeferrable::int + 4 * co.condeferred::int
        + 8 * (not co.conislocal or co.conparentid <> 0)::int) as flags,
       co.conindid::int8::float8 as index_oid,
       case when co.contype = 'f' then ${qualifiedRel('rc', 'rn')} end as referenced_table,
       case when co.contype = 'f' and ${local} then rn.nspname end as referenced_schema,
       case when co.contype = 'f' and ${local} then rc.relname end as referenced_relname,
       case when co.contype = 'f' and ${local} then pg_table_is_visible(co.confrelid) end as referenced_visible,
       -- Names of referenced columns outside the loaded schemas (the loader names the others itself).
       case when co.contype = 'f' and (not (rn.nspname = any($1::text[])) or not ${notExtensionOwned('pg_class', 'rc.oid')})
            then (select json_agg(a.attname order by k.ord) from unnest(co.confkey) with ordinality as k(attnum, ord)
                    join pg_attribute a on a.attrelid = co.confrelid and a.attnum = k.attnum) end as referenced_columns,
       co.confupdtype::text || co.confdeltype::text || co.confmatchtype::text as actions
  from pg_constraint co
  join pg_class tc on tc.oid = co.conrelid join pg_namespace tn on tn.oid = tc.relnamespace
  left join pg_class rc on rc.oid = co.confrelid left join pg_namespace rn on rn.oid = rc.relnamespace
 where tn.nspname = any($1::text[]) and tc.relkind in ('r', 'p', 'f') and co.contype in ('p', 'u', 'f', 'c', 'x')
   and ${notExtensionOwned('pg_class', 'tc.oid')}`;
}

/** Bits of the `flags` field of {@link constraintsQuery}. */
export const CONSTRAINT_FLAGS = { validated: 1, deferrable: 2, deferred: 4, inherited: 8 } as const;

export const VIEWS_QUERY = `
select c.oid::int8::float8 as oid, n.nspname as schema, c.relname as name, c.relkind = 'm' as materialized,
       pg_get_viewdef(c.oid, true) as definition
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any($1::text[]) and c.relkind in ('v', 'm')
   and ${notExtensionOwned('pg_class', 'c.oid')}`;

/** `(type, type)` of a function's input arguments, as regprocedure spells them but always schema-qualified by the caller. */
const functionArgs = (p: string): string =>
  `(select coalesce(string_agg(format_type(u.t, null), ', ' order by u.ord), '')
      from unnest(${p}.proargtypes::oid[]) with ordinality as u(t, ord))`;

export const FUNCTIONS_QUERY = `
select p.oid::int8::float8 as oid, n.nspname as schema, p.proname as name, ${functionArgs('p')} as args,
       p.prokind::text as prokind, l.lanname as language, p.prosrc as body
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
 where n.nspname = any($1::text[])
   and ${notExtensionOwned('pg_proc', 'p.oid')}`;

/**
 * Every comment of the chosen schemas in one pass; the loader also copies them onto tables,
 * columns, views and functions. `kind`: relkind for pg_class rows, else the catalog.
 */
export const COMMENTS_QUERY = `
select 'class' as catalog, c.relkind::text as kind, d.objoid::int8::float8 as oid, d.objsubid::int as subid,
       n.nspname as schema, c.relname as name, a.attname as detail, d.description as text
  from pg_description d
  join pg_class c on d.classoid = 'pg_class'::regclass and c.oid = d.objoid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_attribute a on d.objsubid > 0 and a.attrelid = c.oid and a.attnum = d.objsubid
 where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'f', 'v', 'm', 'i', 'I', 'S')
   and ${notExtensionOwned('pg_class', 'c.oid')}
union all
select 'proc', 'function', d.objoid::int8::float8, 0, n.nspname, p.proname, ${functionArgs('p')}, d.description
  from pg_description d
  join pg_proc p on d.classoid = 'pg_proc'::regclass and p.oid = d.objoid
  join pg_namespace n on n.oid = p.pronamespace
 where n.nspname = any($1::text[]) and ${notExtensionOwned('pg_proc', 'p.oid')}
union all
select 'constraint', 'constraint', d.objoid::int8::float8, 0, n.nspname, tc.relname, co.conname, d.description
  from pg_description d
  join pg_constraint co on d.classoid = 'pg_constraint'::regclass and co.oid = d.objoid
  join pg_class tc on tc.oid = co.conrelid join pg_namespace n on n.oid = tc.relnamespace
 where n.nspname = any($1::text[]) and ${notExtensionOwned('pg_class', 'tc.oid')}
union all
select 'schema', 'schema', d.objoid::int8::float8, 0, n.nspname, n.nspname, null, d.description
  from pg_description d
  join pg_namespace n on d.classoid = 'pg_namespace'::regclass and n.oid = d.objoid
 where n.nspname = any($1::text[])`;
