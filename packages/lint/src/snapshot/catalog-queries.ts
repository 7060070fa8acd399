// The catalog queries behind loadSnapshot. Each one is set-based over every object of the chosen
// schemas ($1 = schema names), so the number of round trips does not depend on the schema size.
// Numbers are cast to float8 so node-postgres and PGlite both return JavaScript numbers
// (int8 would come back as strings or bigints). No ORDER BY: sorting wide rows spills to disk on
// big catalogs, so the loader sorts in JavaScript.

/**
 * Objects created by an extension belong to it, not to the project: never lint them. NOT IN over
 * the few extension members becomes one hashed lookup, cheaper than probing pg_depend per row.
 */
const notExtensionOwned = (catalog: string, oid: string): string =>
  `${oid} not in (select dep.objid from pg_depend dep where dep.classid = '${catalog}'::regclass and dep.deptype = 'e')`;

const qualifiedRel = (cls: string, ns: string): string => `${ns}.nspname || '.' || ${cls}.relname`;

/**
 * Server facts, the candidate schemas (the include/exclude globs are applied in JavaScript), and
 * names of the operator classes and collations indexes use.
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
          from pg_opclass oc join pg_namespace ns on ns.oid = oc.opcnamespace
         where oc.oid in (select unnest(indclass::oid[]) from pg_index)) as opclass_names,
       (select coalesce(json_object_agg(co.oid, case when ns.nspname = 'pg_catalog' then co.collname else ns.nspname || '.' || co.collname end), '{}'::json)
          from pg_collation co join pg_namespace ns on ns.oid = co.collnamespace
         where co.oid in (select unnest(indcollation::oid[]) from pg_index)) as collation_names`;

/**
 * Size of a relation: pg_class.relpages (as of the last VACUUM, ANALYZE or CREATE INDEX) times the
 * block size by default, which reads no file; `exact` asks the file system for every relation, which
 * costs seconds on tens of thousands of tables.
 */
const sizeOf = (cls: string, exact: boolean, fn: 'pg_table_size' | 'pg_relation_size'): string =>
  exact ? `${fn}(${cls}.oid)::float8` : `greatest(${cls}.relpages, 0)::float8 * current_setting('block_size')::float8`;

export function tablesQuery(exactSizes: boolean): string {
  return `
select c.oid::int8::float8 as oid, n.nspname as schema, c.relname as name, c.relkind::text as relkind,
       (select ${qualifiedRel('pc', 'pn')} from pg_inherits i
          join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
         where i.inhrelid = c.oid and c.relispartition) as partition_of,
       (select coalesce(json_agg(${qualifiedRel('pc', 'pn')} order by i.inhseqno), '[]'::json) from pg_inherits i
          join pg_class pc on pc.oid = i.inhparent join pg_namespace pn on pn.oid = pc.relnamespace
         where i.inhrelid = c.oid and not c.relispartition) as inherits,
       c.reltuples::float8 as row_estimate,
       ${sizeOf('c', exactSizes, 'pg_table_size')} as size_bytes
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
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
  return `
select i.indexrelid::int8::float8 as oid, n.nspname as schema, ic.relname as name, ${qualifiedRel('tc', 'tn')} as table_name,
       tn.nspname as table_schema, tc.relname as table_relname,
       i.indrelid::int8::float8 as table_oid, am.amname as method, i.indisunique as is_unique, i.indisprimary as is_primary,
       (i.indisvalid and i.indisready) as is_valid, ${nullsNotDistinct} as nulls_not_distinct,
       i.indnkeyatts::int as key_count,
       to_json(i.indkey::int2[]) as attnums,
       to_json(i.indclass::oid[]::int8[]) as opclasses,
       to_json(i.indcollation::oid[]::int8[]) as collations,
       to_json(i.indoption::int2[]) as options,
       case when 0 = any(i.indkey::int2[])
            then (select json_agg(json_build_array(pg_get_indexdef(i.indexrelid, k, true), pg_get_indexdef(i.indexrelid, k, false)) order by k)
                    from generate_series(1, i.indnkeyatts::int) as k) end as key_texts,
       pg_get_expr(i.indpred, i.indrelid, true) as predicate,
       pg_get_expr(i.indpred, i.indrelid, false) as predicate_plain,
       cs.conname as constraint_name,
       ic.relkind = 'I' as partitioned,
       ${qualifiedRel('pc', 'pn')} as parent_index,
       ${exactSizes ? 'pg_relation_size(i.indexrelid)::float8' : `greatest(ic.relpages, 0)::float8 * current_setting('block_size')::float8`} as size_bytes,
       pg_stat_get_numscans(i.indexrelid)::float8 as scans
  from pg_index i
  join pg_class ic on ic.oid = i.indexrelid join pg_namespace n on n.oid = ic.relnamespace
  join pg_class tc on tc.oid = i.indrelid join pg_namespace tn on tn.oid = tc.relnamespace
  join pg_am am on am.oid = ic.relam
  left join pg_constraint cs on cs.conindid = i.indexrelid and cs.conrelid = i.indrelid and cs.contype in ('p', 'u', 'x')
  left join pg_inherits ih on ih.inhrelid = i.indexrelid
  left join pg_class pc on pc.oid = ih.inhparent left join pg_namespace pn on pn.oid = pc.relnamespace
 where tn.nspname = any($1::text[]) and tc.relkind in ('r', 'p')
   and ${notExtensionOwned('pg_class', 'tc.oid')}`;
}

export const CONSTRAINTS_QUERY = `
select co.oid::int8::float8 as oid, n.nspname as schema, co.conname as name, ${qualifiedRel('tc', 'tn')} as table_name,
       co.contype::text as contype, co.conrelid::int8::float8 as table_oid, co.confrelid::int8::float8 as referenced_oid,
       coalesce(to_json(co.conkey), '[]'::json) as attnums, coalesce(to_json(co.confkey), '[]'::json) as referenced_attnums,
       pg_get_constraintdef(co.oid, true) as definition,
       co.convalidated as validated, co.condeferrable as deferrable,
       (not co.conislocal or co.conparentid <> 0) as inherited,
       case when co.contype = 'f' then ${qualifiedRel('rc', 'rn')} end as referenced_table,
       -- Names of referenced columns outside the loaded schemas (the loader names the others itself).
       case when co.contype = 'f' and (not (rn.nspname = any($1::text[])) or not ${notExtensionOwned('pg_class', 'rc.oid')})
            then (select json_agg(a.attname order by k.ord) from unnest(co.confkey) with ordinality as k(attnum, ord)
                    join pg_attribute a on a.attrelid = co.confrelid and a.attnum = k.attnum) end as referenced_columns,
       co.confupdtype::text as on_update, co.confdeltype::text as on_delete, co.confmatchtype::text as match_type
  from pg_constraint co
  join pg_class tc on tc.oid = co.conrelid join pg_namespace tn on tn.oid = tc.relnamespace
  join pg_namespace n on n.oid = co.connamespace
  left join pg_class rc on rc.oid = co.confrelid left join pg_namespace rn on rn.oid = rc.relnamespace
 where tn.nspname = any($1::text[]) and tc.relkind in ('r', 'p', 'f') and co.contype in ('p', 'u', 'f', 'c', 'x')
   and ${notExtensionOwned('pg_class', 'tc.oid')}`;

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
