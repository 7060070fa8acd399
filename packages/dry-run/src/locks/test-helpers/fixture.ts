// The schema the lock predictions are checked against, on the server and on PGlite.
export const FIXTURE = `
create table parent(id int primary key, name text);
create table child(id serial primary key, parent_id int references parent(id), email varchar(50), n numeric(10,2), ts timestamp, j json, c text);
create index child_email on child(email);
create table other(id int primary key, x int);
create view v_child as select id, email from child;
create materialized view mv as select id from parent;
create unique index mv_id on mv(id);
create table part(id int, k int) partition by range (k);
create table part_1 partition of part for values from (0) to (100);
create table part_def partition of part default;
create table part2(id int, k int) partition by list (k);
create table part2_1 partition of part2 for values in (1);
create index part2_k on part2(k);
create table part_2(id int, k int);
create table part_3(id int, k int, constraint part_3_bound check (k >= 100 and k < 200 and k is not null));
create table loose(id int, k int);
create unique index loose_id_u on loose(id);
create table typ(v varchar(20), n numeric(10,2), t text, i int, ts timestamp, c varchar, tz timestamptz, b bpchar(5));
create sequence s1;
create table withchk(a int, constraint a_nn check (a is not null));
create table wc1(a int, constraint wc1_a check (a > 0));
create table ihead(id int not null, v int);
create table ichild() inherits (ihead);
create view v_upd as select id, x from other;
create view v_v as select * from v_upd;
create table refd(id int primary key);
create table refc(id int, r int references refd(id) on delete cascade);
create table refn(id int, r int references refd(id));
create function trg() returns trigger language plpgsql as $$begin return new; end$$;
create trigger t1 before insert on child for each row execute function trg();
create trigger pt after insert on part for each row execute function trg();
create policy pol on loose using (true);
create rule rl as on update to loose do also notify x;
create statistics st1 on id, k from loose;
create type mood as enum ('a', 'b');
create table moody(m mood, g int generated always as identity, x int default nextval('s1'));
create schema s2;
create table s2.t(a int);
create function f_def() returns int language sql as 'select 1';
create table withdef(a int default f_def());
create type comp as (a int, b text);
create table usecomp(c comp, m mood);
create table part3(id int, k int) partition by list (k);
create table part3_1 partition of part3 for values in (1);
create index part3_k on only part3(k);
create index part3_1_k on part3_1(k);
create table fkv(id int, r int);
alter table fkv add constraint fkv_r_fkey foreign key (r) references other(id) not valid;
alter table fkv add constraint fkv_r_check check (r > 0) not valid;
insert into parent select g, 'n' || g from generate_series(1, 10) g;
insert into child(parent_id, email, c) select g, 'e' || g, 'c' from generate_series(1, 10) g;
insert into other select g, g from generate_series(1, 10) g;
insert into loose select g, g from generate_series(1, 10) g;
insert into refd values (1), (2);
insert into refc values (1, 1), (2, 2);
insert into part values (1, 1), (2, 50);
insert into fkv values (1, 1);
analyze;
`;

/** Statements checked against pg_locks, relfilenode and pg_stat_xact_user_tables, by theme. */
export const CASES: readonly { readonly sql: string; readonly pgliteSkip?: string }[] = [
  // queries and data changes
  { sql: 'select * from child' },
  { sql: 'select * from child for update' },
  { sql: 'select * from loose l join other o using (id) for update of l' },
  { sql: 'select * from loose where id in (select id from other) for update' },
  { sql: 'with x as (select * from loose) select * from x join other on other.id = x.id' },
  { sql: 'select * from v_child' },
  { sql: 'select * from v_v' },
  { sql: 'select * from v_upd for update' },
  { sql: 'select * from part' },
  { sql: 'select * from part where k = 5' },
  { sql: 'select * from ihead' },
  { sql: 'select * from only ihead' },
  { sql: 'select * from mv' },
  { sql: "select nextval('s1')" },
  { sql: "select setval('s1', 5)" },
  { sql: "insert into child(parent_id, email) values (1, 'x')" },
  { sql: 'insert into loose select id + 100, x from other' },
  { sql: "insert into moody(m) values ('a')" },
  { sql: 'insert into part values (1, 1)' },
  { sql: 'insert into ihead values (1, 1)' },
  { sql: 'insert into refn values (1, null)' },
  { sql: 'insert into refn values (1, 1)' },
  { sql: 'insert into refn select 1, 1 where false' },
  { sql: 'update other set x = 1' },
  { sql: 'update loose set k = o.x from other o where o.id = loose.id' },
  { sql: 'update part set id = 1 where k = 5' },
  { sql: 'update ihead set v = 1' },
  { sql: 'update v_upd set x = 1' },
  { sql: 'update v_v set x = 1' },
  { sql: 'update refn set r = 2' },
  { sql: 'delete from loose' },
  { sql: 'delete from loose using other where other.id = loose.id' },
  { sql: 'delete from refd where id = 1' },
  { sql: 'with x as (select * from loose) update other set x = 1 where id in (select id from x)' },
  { sql: 'with d as (delete from loose returning id) insert into other select id + 100, 0 from d' },
  { sql: 'merge into withchk w using other o on o.id = w.a when matched then delete when not matched then insert values (o.id)' },
  { sql: 'merge into refn r using other o on o.id = r.id when matched then update set r = 1 when not matched then insert values (o.id, 1)' },
  { sql: 'explain update loose set k = 1' },
  { sql: 'explain select * from v_child' },
  { sql: 'declare c1 cursor for select * from loose' },
  { sql: 'prepare p1 as update loose set k = 1', pgliteSkip: 'PGlite keeps prepared statements across tests of the same instance' },
  { sql: 'copy loose to stdout', pgliteSkip: 'COPY TO STDOUT is not answered by PGlite query()' },
  // CREATE / DROP
  { sql: 'create table nt (id int references parent(id))' },
  { sql: 'create table nt (id int, constraint nt_fk foreign key (id) references other(id))' },
  { sql: 'create table nt (like child including all)' },
  { sql: 'create table nt () inherits (ihead)' },
  { sql: 'create table part_4 partition of part for values from (300) to (400)' },
  { sql: 'create table nt as select * from loose' },
  { sql: 'select * into nt from loose' },
  { sql: 'create materialized view mv2 as select * from loose' },
  { sql: 'create view v2 as select * from loose join other using (id)' },
  { sql: 'create or replace view v_child as select id, email, c from child' },
  { sql: 'create index on child(c)' },
  { sql: 'create unique index on loose(k)' },
  { sql: 'create index on part(k)' },
  { sql: 'create index on part2(id)' },
  { sql: 'create index on ihead(v)' },
  { sql: 'create trigger t2 after update on loose for each row execute function trg()' },
  { sql: 'create trigger pst after insert on part for each statement execute function trg()' },
  { sql: 'create trigger t3 after insert on part for each row execute function trg()' },
  { sql: 'create trigger tv instead of insert on v_upd for each row execute function trg()' },
  { sql: 'create rule r1 as on insert to loose do also notify x' },
  { sql: 'create rule r2 as on insert to loose do also insert into other values (1, 1)' },
  { sql: 'create policy p on loose using (true)' },
  { sql: 'alter policy pol on loose using (false)' },
  { sql: 'create statistics st on id, k from loose' },
  { sql: 'create sequence s9 owned by loose.k' },
  { sql: 'alter sequence s1 restart' },
  { sql: 'alter sequence s1 owned by loose.k' },
  { sql: 'create publication pub2 for table loose', pgliteSkip: 'publications need logical replication support' },
  { sql: 'drop index child_email' },
  { sql: 'drop index part2_k' },
  { sql: 'drop table loose, other cascade' },
  { sql: 'drop table child cascade' },
  { sql: 'drop table parent cascade' },
  { sql: 'drop table part' },
  { sql: 'drop table part_1' },
  { sql: 'drop table ihead cascade' },
  { sql: 'drop table refd cascade' },
  { sql: 'drop view v_child' },
  { sql: 'drop view v_upd cascade' },
  { sql: 'drop materialized view mv' },
  { sql: 'drop sequence s1 cascade' },
  { sql: 'drop trigger t1 on child' },
  { sql: 'drop policy pol on loose' },
  { sql: 'drop rule rl on loose' },
  { sql: 'drop function f_def() cascade' },
  { sql: 'drop type comp cascade' },
  { sql: 'truncate loose' },
  { sql: 'truncate child restart identity' },
  { sql: 'truncate parent cascade' },
  { sql: 'truncate part' },
  { sql: 'truncate ihead' },
  { sql: 'truncate only ihead' },
  // ALTER TABLE
  { sql: 'alter table child add column z int' },
  { sql: 'alter table child add column z int default 1' },
  { sql: 'alter table child add column z timestamptz default now()' },
  { sql: 'alter table child add column z float default random()' },
  { sql: 'alter table typ add column u uuid default gen_random_uuid()' },
  { sql: 'alter table typ add column sid serial' },
  { sql: 'alter table typ add column iid int generated always as identity' },
  { sql: 'alter table typ add column g int generated always as (i * 2) stored' },
  { sql: 'alter table typ add column r int references other(id)' },
  { sql: 'alter table typ add column q int unique' },
  { sql: 'alter table typ add column ck int check (ck > 0)' },
  { sql: 'alter table typ add column ck int not null default 0' },
  { sql: 'alter table typ add column ck int not null' },
  { sql: 'alter table part add column z int default 5' },
  { sql: 'alter table ihead add column z int' },
  { sql: 'alter table loose drop column k' },
  { sql: 'alter table child drop column email cascade' },
  { sql: 'alter table child drop column id cascade' },
  { sql: 'alter table part drop column id' },
  { sql: 'alter table typ alter column v type varchar(30)' },
  { sql: 'alter table typ alter column v type varchar(10)' },
  { sql: 'alter table typ alter column v type text' },
  { sql: 'alter table typ alter column t type varchar(10)' },
  { sql: 'alter table typ alter column t type varchar' },
  { sql: 'alter table typ alter column c type text' },
  { sql: 'alter table typ alter column n type numeric(12,2)' },
  { sql: 'alter table typ alter column n type numeric(12,4)' },
  { sql: 'alter table typ alter column n type numeric' },
  { sql: 'alter table typ alter column i type bigint' },
  { sql: 'alter table typ alter column i type int4' },
  { sql: 'alter table typ alter column i type int using i + 1' },
  { sql: 'alter table typ alter column ts type timestamptz' },
  { sql: 'alter table typ alter column tz type timestamp' },
  { sql: 'alter table typ alter column ts type timestamp(3)' },
  { sql: 'alter table typ alter column b type text' },
  { sql: 'alter table typ alter column t type json using t::json' },
  { sql: 'alter table child alter column parent_id type bigint' },
  { sql: 'alter table refd alter column id type bigint' },
  { sql: 'alter table ihead alter column v type bigint' },
  { sql: 'alter table loose alter column k set default 1' },
  { sql: 'alter table loose alter column k drop default' },
  { sql: 'alter table ihead alter column v set default 3' },
  { sql: 'alter table loose alter column k set not null' },
  { sql: 'alter table withchk alter column a set not null' },
  { sql: 'alter table wc1 alter column a set not null' },
  { sql: 'alter table parent alter column id set not null' },
  { sql: 'alter table ihead alter column v set not null' },
  { sql: 'alter table part alter column id set not null' },
  { sql: 'alter table typ alter column i drop not null' },
  { sql: 'alter table loose alter column k set statistics 100' },
  { sql: 'alter table part alter column id set statistics 10' },
  { sql: 'alter table typ alter column i set (n_distinct = 10)' },
  { sql: 'alter table typ alter column t set storage external' },
  { sql: 'alter table ihead alter column v set storage plain' },
  { sql: 'alter table typ alter column t set compression pglz' },
  { sql: 'alter table loose add constraint lk check (k > 0)' },
  { sql: 'alter table loose add constraint lk check (k > 0) not valid' },
  { sql: 'alter table ihead add constraint ic check (v > 0)' },
  { sql: 'alter table part add constraint pc check (id > 0)' },
  { sql: 'alter table loose add constraint lf foreign key (k) references other(id)' },
  { sql: 'alter table loose add constraint lf foreign key (k) references other(id) not valid' },
  { sql: 'alter table part add constraint pfk foreign key (id) references other(id)' },
  { sql: 'alter table loose add primary key (id)' },
  { sql: 'alter table loose add constraint u unique (id)' },
  { sql: 'alter table part add constraint ppk primary key (id, k)' },
  { sql: 'alter table loose add constraint lu unique using index loose_id_u' },
  { sql: 'alter table loose add constraint lp primary key using index loose_id_u' },
  { sql: 'alter table fkv validate constraint fkv_r_fkey' },
  { sql: 'alter table fkv validate constraint fkv_r_check' },
  { sql: 'alter table child drop constraint child_parent_id_fkey' },
  { sql: 'alter table withchk drop constraint a_nn' },
  { sql: 'alter table refd drop constraint refd_pkey cascade' },
  { sql: 'alter table refc drop constraint refc_r_fkey' },
  { sql: 'alter table fkv alter constraint fkv_r_fkey deferrable' },
  { sql: 'alter table loose set (fillfactor = 70)' },
  { sql: 'alter table loose set (autovacuum_enabled = false)' },
  { sql: 'alter table loose reset (fillfactor)' },
  { sql: 'alter table mv set (fillfactor = 50)' },
  { sql: "alter view v_child set (check_option = local)" },
  { sql: 'alter index child_email set (fillfactor = 50)' },
  { sql: 'alter table child disable trigger t1' },
  { sql: 'alter table child enable trigger all' },
  { sql: 'alter table part enable trigger all' },
  { sql: 'alter table part enable trigger pt' },
  { sql: 'alter table part2 enable trigger all' },
  { sql: 'alter table part disable trigger user' },
  { sql: 'alter table loose disable rule rl' },
  { sql: 'alter table loose enable row level security' },
  { sql: 'alter table loose force row level security' },
  { sql: 'alter table child owner to current_user' },
  { sql: 'alter table part owner to current_user' },
  { sql: 'alter table child cluster on child_pkey' },
  { sql: 'alter table child set without cluster' },
  { sql: 'alter table typ set unlogged' },
  { sql: 'alter table child set logged' },
  { sql: 'alter table typ set tablespace pg_default' },
  { sql: 'alter index child_email set tablespace pg_default' },
  { sql: 'alter table typ replica identity full' },
  { sql: 'alter table part replica identity full' },
  { sql: 'alter table part attach partition part_2 for values from (100) to (200)' },
  { sql: 'alter table part attach partition part_3 for values from (100) to (200)' },
  { sql: 'alter table part2 attach partition part_2 for values in (5)' },
  { sql: 'alter table part detach partition part_1' },
  { sql: 'alter table ichild no inherit ihead' },
  { sql: 'alter table child rename to child2' },
  { sql: 'alter table child rename column c to cc' },
  { sql: 'alter table ihead rename column v to w' },
  { sql: 'alter table child rename constraint child_pkey to cpk' },
  { sql: 'alter index child_email rename to ce' },
  { sql: 'alter view v_child rename to vv' },
  { sql: 'alter materialized view mv rename to mv3' },
  { sql: 'alter trigger t1 on child rename to t9' },
  { sql: 'alter policy pol on loose rename to p2' },
  { sql: 'alter table child set schema s2' },
  { sql: 'alter table loose set schema s2' },
  { sql: 'alter index part3_k attach partition part3_1_k' },
  // maintenance, locks, comments, privileges
  { sql: 'analyze loose' },
  { sql: 'analyze part' },
  { sql: 'reindex index child_email' },
  { sql: 'reindex table child' },
  { sql: 'cluster child using child_pkey' },
  { sql: 'refresh materialized view mv' },
  { sql: 'refresh materialized view concurrently mv' },
  { sql: 'refresh materialized view mv with no data' },
  { sql: 'lock table loose' },
  { sql: 'lock table loose in access share mode' },
  { sql: 'lock table loose in row share mode' },
  { sql: 'lock table loose in row exclusive mode' },
  { sql: 'lock table loose in share update exclusive mode' },
  { sql: 'lock table loose in share mode' },
  { sql: 'lock table loose in share row exclusive mode' },
  { sql: 'lock table loose in exclusive mode' },
  { sql: 'lock table part' },
  { sql: 'lock table only part' },
  { sql: 'lock table v_upd' },
  { sql: "comment on table loose is 'x'" },
  { sql: "comment on column loose.k is 'x'" },
  { sql: "comment on column v_child.id is 'x'" },
  { sql: "comment on index child_email is 'x'" },
  { sql: "comment on constraint child_pkey on child is 'x'" },
  { sql: "comment on trigger t1 on child is 'x'" },
  { sql: 'grant select on loose to public' },
  { sql: 'revoke select on loose from public' },
  { sql: 'grant select on sequence s1 to public' },
  { sql: 'grant select on all tables in schema s2 to public' },
];

/** Statements that cannot run in a transaction block: the static prediction alone is checked. */
export const STATIC_ONLY = ['create index concurrently on child(c)', 'drop index concurrently child_email', 'reindex index concurrently child_email', 'vacuum loose', 'vacuum full loose'];
