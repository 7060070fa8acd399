import type { Queryable } from '@confiture/core';
import type { SchemaSnapshot } from '../../types.js';

/**
 * Keys whose pg_get_constraintdef spelling is easy to get wrong: keywords and mixed case as
 * names (quoted or not by the server's own rules), INCLUDE, NULLS NOT DISTINCT, deferral, NOT
 * VALID, MATCH FULL, every referential action, references to tables inside and outside the
 * search path, partitioned tables on both sides, and kinds the server still spells (checks,
 * exclusions, ON DELETE SET NULL (columns)).
 */
export const KEY_DEFINITIONS_SQL = `
create schema "Keys";
create schema keys_vis;
create table keys_vis.parent (
  id int primary key, "Code" text, "select" int, "we""ird" int, "$x" int, a$b int, "émoi" int, json int, "user" int,
  unique ("Code", "select") include ("we""ird", a$b),
  unique nulls not distinct ("$x"),
  unique (json, "émoi") deferrable initially deferred
);
create table "Keys"."Child Table" (
  "user" int references keys_vis.parent (id) on update cascade on delete restrict,
  c text, s int, w int, x int,
  foreign key (c, s) references keys_vis.parent ("Code", "select") match full on delete set null not valid,
  foreign key (w) references keys_vis.parent (id) on delete set default deferrable,
  foreign key (x) references keys_vis.parent (id) on delete set null (x),
  check (s > 0)
);
alter table "Keys"."Child Table" add constraint "Child PK" primary key ("user") include (c);
create table keys_vis.pub_ref (id int primary key, p int references public.pub_target (id) on update no action);
create table keys_vis.parted (id int, d date, primary key (id, d)) partition by range (d);
create table keys_vis.parted_1 partition of keys_vis.parted for values from ('2020-01-01') to ('2030-01-01');
create table keys_vis.ref_parted (id int primary key, pid int, pd date, foreign key (pid, pd) references keys_vis.parted);
create table keys_vis.parted_ref (id int, d date, r int references keys_vis.parent (id) on delete cascade) partition by list (d);
create table keys_vis.parted_ref_1 partition of keys_vis.parted_ref for values in ('2024-01-01');
create table "Keys".excl (during int4range, exclude using gist (during with &&));
`;

/** Runs before {@link KEY_DEFINITIONS_SQL}: a referenced table in public. */
export const KEY_DEFINITIONS_PUBLIC_SQL = 'create table public.pub_target (id int primary key);';

/**
 * The constraint definitions of a snapshot next to what pg_get_constraintdef(oid, true) says for
 * the same constraints, keyed by table, name and oid (partition clones share names).
 */
export async function keyDefinitions(queryable: Queryable, snapshot: SchemaSnapshot): Promise<{ ours: Record<string, string>; server: Record<string, string> }> {
  const { rows } = await queryable.query<{ oid: number; def: string }>(
    'select oid::int8::float8 as oid, pg_get_constraintdef(oid, true) as def from pg_constraint where conrelid <> 0',
  );
  const byOid = new Map(rows.map((r) => [Number(r.oid), r.def]));
  const key = (c: SchemaSnapshot['constraints'][number]): string => `${c.table} ${c.name} #${c.oid}`;
  return {
    ours: Object.fromEntries(snapshot.constraints.map((c) => [key(c), c.definition])),
    server: Object.fromEntries(snapshot.constraints.map((c) => [key(c), byOid.get(c.oid) ?? '(missing)'])),
  };
}
