// The catalog is read with a fixed set of set-based queries, whatever the number of tables.
// System schemas are left out; functions and types of pg_catalog are read too (names,
// argument counts, volatility) because statements call built-ins and name built-in types.

const USER_SCHEMA = `(n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast' and (n.nspname !~ '^pg_temp_' or n.oid = pg_my_temp_schema()))`;

export const SETTINGS_QUERY = `
select current_setting('server_version_num')::int as server_version,
       current_schemas(true)::text[] as search_path,
       current_user::text as current_user,
       current_setting('TimeZone') as time_zone,
       array(select n.nspname::text from pg_namespace n where ${USER_SCHEMA} order by 1) as schemas,
       array(select extname::text from pg_extension order by 1) as extensions`;

export const RELATIONS_QUERY = `
select c.oid::int8 as oid, n.nspname as schema, c.relname as name, c.relkind::text as kind,
       greatest(c.reltuples, 0)::float8 as row_estimate,
       case when c.relkind in ('r', 'p', 'm', 'i', 'I', 'S', 't') then pg_total_relation_size(c.oid) else 0 end::int8 as size_bytes,
       c.relfilenode::int8 as filenode, c.relpersistence::text as persistence, ts.spcname as tablespace,
       c.relispartition as is_partition,
       array(select pn.nspname || '.' || pc.relname from pg_inherits i join pg_class pc on pc.oid = i.inhparent
               join pg_namespace pn on pn.oid = pc.relnamespace where i.inhrelid = c.oid order by i.inhseqno) as parents,
       (select dn.nspname || '.' || dc.relname from pg_partitioned_table pt join pg_class dc on dc.oid = pt.partdefid
          join pg_namespace dn on dn.oid = dc.relnamespace where pt.partrelid = c.oid) as default_partition,
       array(select a.attname::text from pg_partitioned_table pt, unnest(pt.partattrs::int2[]) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
              where pt.partrelid = c.oid order by k.ord) as partition_key,
       tn.nspname || '.' || tc.relname as index_table,
       case when ix.indexrelid is not null then pg_get_indexdef(ix.indexrelid) end as index_definition,
       ix.indisvalid as index_valid, ix.indisunique as index_unique, ix.indisprimary as index_primary,
       case when ix.indexrelid is not null then
         array(select a.attname::text from unnest(ix.indkey::int2[]) with ordinality k(attnum, ord)
                 left join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum and k.attnum > 0
                where k.ord <= ix.indnkeyatts order by k.ord) end as index_columns,
       (select array[on2.nspname || '.' || oc.relname, oa.attname::text] from pg_depend d
          join pg_class oc on oc.oid = d.refobjid join pg_namespace on2 on on2.oid = oc.relnamespace
          join pg_attribute oa on oa.attrelid = d.refobjid and oa.attnum = d.refobjsubid
         where c.relkind = 'S' and d.classid = 'pg_class'::regclass and d.objid = c.oid
           and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i') limit 1) as owned_by,
       array(select case when (t.tgtype & 1) = 1 then 'row:' else 'statement:' end || t.tgname from pg_trigger t
              where t.tgrelid = c.oid and not t.tgisinternal order by t.tgname) as triggers,
       (select w.fdwname from pg_foreign_table ft join pg_foreign_server s on s.oid = ft.ftserver
          join pg_foreign_data_wrapper w on w.oid = s.srvfdw where ft.ftrelid = c.oid) as fdw
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_tablespace ts on ts.oid = c.reltablespace
  left join pg_index ix on ix.indexrelid = c.oid
  left join pg_class tc on tc.oid = ix.indrelid
  left join pg_namespace tn on tn.oid = tc.relnamespace
 where c.relkind in ('r', 'p', 'i', 'I', 'S', 'v', 'm', 'f') and ${USER_SCHEMA}`;

export const COLUMNS_QUERY = `
select n.nspname || '.' || c.relname as relation, a.attname as name,
       format_type(a.atttypid, a.atttypmod) as type, t.typname as type_name, tns.nspname as type_schema,
       a.atttypmod as typmod, a.attnotnull as not_null,
       pg_get_expr(ad.adbin, ad.adrelid) as default_expr,
       a.attidentity::text as identity, a.attgenerated::text as generated,
       coalesce(
         (select sn.nspname || '.' || s.relname from pg_depend d join pg_class s on s.oid = d.refobjid
            join pg_namespace sn on sn.oid = s.relnamespace
           where d.classid = 'pg_attrdef'::regclass and d.objid = ad.oid and d.refclassid = 'pg_class'::regclass
             and s.relkind = 'S' limit 1),
         (select sn.nspname || '.' || s.relname from pg_depend d join pg_class s on s.oid = d.objid
            join pg_namespace sn on sn.oid = s.relnamespace
           where a.attidentity <> '' and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
             and d.refobjid = c.oid and d.refobjsubid = a.attnum and d.deptype = 'i' and s.relkind = 'S' limit 1)
       ) as sequence
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_type t on t.oid = a.atttypid
  join pg_namespace tns on tns.oid = t.typnamespace
  left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
 where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f') and ${USER_SCHEMA}
 order by c.oid, a.attnum`;

export const CONSTRAINTS_QUERY = `
select n.nspname || '.' || c.relname as table, con.conname as name, con.contype::text as type,
       array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
       con.convalidated as validated, pg_get_constraintdef(con.oid) as definition,
       fn.nspname || '.' || fc.relname as referenced_table,
       array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as referenced_columns,
       nullif(con.confdeltype::text, ' ') as on_delete, nullif(con.confupdtype::text, ' ') as on_update,
       inn.nspname || '.' || ic.relname as index
  from pg_constraint con
  join pg_class c on c.oid = con.conrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_class fc on fc.oid = con.confrelid
  left join pg_namespace fn on fn.oid = fc.relnamespace
  left join pg_class ic on ic.oid = con.conindid and con.contype in ('p', 'u', 'x')
  left join pg_namespace inn on inn.oid = ic.relnamespace
 where ${USER_SCHEMA}`;

export const FUNCTIONS_QUERY = `
select n.nspname as schema, p.proname as name, p.prokind::text as kind, p.pronargs::int as arg_count,
       p.pronargdefaults::int as default_count, p.provariadic <> 0 as variadic, p.provolatile::text as volatility,
       l.lanname as language,
       case when p.prokind = 'p' and l.lanname = 'plpgsql' then pg_get_functiondef(p.oid) end as definition
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_language l on l.oid = p.prolang
 where n.nspname <> 'information_schema' and n.nspname !~ '^pg_(toast|temp_)'`;

export const TYPES_QUERY = `
select n.nspname as schema, t.typname as name, t.typtype::text as kind
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  left join pg_class c on c.oid = t.typrelid
 where n.nspname <> 'information_schema' and n.nspname !~ '^pg_(toast|temp_)'
   and (t.typrelid = 0 or c.relkind = 'c')
   and not (t.typcategory = 'A' and t.typname like '\\_%')`;

// What depends on relations, columns, functions and types, seen from the dependent object's side
// (the view behind a rewrite rule, the table behind a trigger or a default...).
export const DEPENDENCIES_QUERY = `
with deps as (
  select d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid
    from pg_depend d
   where d.deptype = 'n'
     and d.classid in ('pg_rewrite'::regclass, 'pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_proc'::regclass,
                       'pg_attrdef'::regclass, 'pg_constraint'::regclass, 'pg_class'::regclass)
     and d.refclassid in ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass)
)
select case
         when d.classid = 'pg_rewrite'::regclass then
           case when rc.relkind = 'v' and r.rulename = '_RETURN' then 'view'
                when rc.relkind = 'm' and r.rulename = '_RETURN' then 'materialized view' else 'rule' end
         when d.classid = 'pg_trigger'::regclass then 'trigger'
         when d.classid = 'pg_policy'::regclass then 'policy'
         when d.classid = 'pg_proc'::regclass then 'function'
         when d.classid = 'pg_attrdef'::regclass then 'default'
         when d.classid = 'pg_constraint'::regclass then 'constraint'
         else case when dc.relkind in ('i', 'I') then 'index' when d.objsubid > 0 then 'column'
                   when dc.relkind = 'S' then 'sequence' else 'relation' end
       end as kind,
       case
         when d.classid = 'pg_rewrite'::regclass and r.rulename = '_RETURN' then rn.nspname || '.' || rc.relname
         when d.classid = 'pg_rewrite'::regclass then r.rulename || ' on ' || rn.nspname || '.' || rc.relname
         when d.classid = 'pg_trigger'::regclass then tg.tgname || ' on ' || tn.nspname || '.' || tc.relname
         when d.classid = 'pg_policy'::regclass then po.polname || ' on ' || pon.nspname || '.' || poc.relname
         when d.classid = 'pg_proc'::regclass then pn.nspname || '.' || p.proname
         when d.classid = 'pg_attrdef'::regclass then 'default of ' || adn.nspname || '.' || adc.relname || '.' || ada.attname
         when d.classid = 'pg_constraint'::regclass then co.conname || ' on ' || con.nspname || '.' || coc.relname
         when d.objsubid > 0 then dn.nspname || '.' || dc.relname || '.' || da.attname
         else dn.nspname || '.' || dc.relname
       end as name,
       case
         when d.classid = 'pg_rewrite'::regclass then rn.nspname || '.' || rc.relname
         when d.classid = 'pg_trigger'::regclass then tn.nspname || '.' || tc.relname
         when d.classid = 'pg_policy'::regclass then pon.nspname || '.' || poc.relname
         when d.classid = 'pg_attrdef'::regclass then adn.nspname || '.' || adc.relname
         when d.classid = 'pg_constraint'::regclass then con.nspname || '.' || coc.relname
         when d.classid = 'pg_class'::regclass then dn.nspname || '.' || dc.relname
       end as relation,
       case when d.refclassid = 'pg_class'::regclass then refn.nspname || '.' || refc.relname end as referenced_relation,
       case when d.refclassid = 'pg_class'::regclass and d.refobjsubid > 0 then refa.attname::text end as referenced_column,
       case when d.refclassid = 'pg_proc'::regclass then refpn.nspname || '.' || refp.proname end as referenced_function,
       case when d.refclassid = 'pg_type'::regclass then reftn.nspname || '.' || reft.typname end as referenced_type
  from deps d
  left join pg_rewrite r on d.classid = 'pg_rewrite'::regclass and r.oid = d.objid
  left join pg_class rc on rc.oid = r.ev_class
  left join pg_namespace rn on rn.oid = rc.relnamespace
  left join pg_trigger tg on d.classid = 'pg_trigger'::regclass and tg.oid = d.objid
  left join pg_class tc on tc.oid = tg.tgrelid
  left join pg_namespace tn on tn.oid = tc.relnamespace
  left join pg_policy po on d.classid = 'pg_policy'::regclass and po.oid = d.objid
  left join pg_class poc on poc.oid = po.polrelid
  left join pg_namespace pon on pon.oid = poc.relnamespace
  left join pg_proc p on d.classid = 'pg_proc'::regclass and p.oid = d.objid
  left join pg_namespace pn on pn.oid = p.pronamespace
  left join pg_attrdef ad on d.classid = 'pg_attrdef'::regclass and ad.oid = d.objid
  left join pg_class adc on adc.oid = ad.adrelid
  left join pg_namespace adn on adn.oid = adc.relnamespace
  left join pg_attribute ada on ada.attrelid = ad.adrelid and ada.attnum = ad.adnum
  left join pg_constraint co on d.classid = 'pg_constraint'::regclass and co.oid = d.objid
  left join pg_class coc on coc.oid = co.conrelid
  left join pg_namespace con on con.oid = coc.relnamespace
  left join pg_class dc on d.classid = 'pg_class'::regclass and dc.oid = d.objid
  left join pg_namespace dn on dn.oid = dc.relnamespace
  left join pg_attribute da on d.classid = 'pg_class'::regclass and da.attrelid = d.objid and da.attnum = d.objsubid and d.objsubid > 0
  left join pg_class refc on d.refclassid = 'pg_class'::regclass and refc.oid = d.refobjid
  left join pg_namespace refn on refn.oid = refc.relnamespace
  left join pg_attribute refa on refa.attrelid = d.refobjid and refa.attnum = d.refobjsubid and d.refclassid = 'pg_class'::regclass
  left join pg_proc refp on d.refclassid = 'pg_proc'::regclass and refp.oid = d.refobjid
  left join pg_namespace refpn on refpn.oid = refp.pronamespace
  left join pg_type reft on d.refclassid = 'pg_type'::regclass and reft.oid = d.refobjid
  left join pg_namespace reftn on reftn.oid = reft.typnamespace
 where not (d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass and d.refobjid = r.ev_class)
   and coalesce(refn.nspname, refpn.nspname, reftn.nspname) is not null
   and coalesce(refn.nspname, refpn.nspname, reftn.nspname) not in ('pg_catalog', 'information_schema')
   and coalesce(rn.nspname, tn.nspname, pon.nspname, pn.nspname, adn.nspname, con.nspname, dn.nspname) not in ('pg_catalog', 'information_schema')`;
