import type {
  AlterSubscriptionStmt,
  AlterTableCmd,
  AlterTableStmt,
  CallStmt,
  ClusterStmt,
  CopyStmt,
  CreateFunctionStmt,
  CreateSubscriptionStmt,
  CreateTableAsStmt,
  DeleteStmt,
  DiscardStmt,
  DoStmt,
  DropStmt,
  ExplainStmt,
  FetchStmt,
  GrantStmt,
  IndexStmt,
  InsertStmt,
  MergeStmt,
  ReindexStmt,
  SelectStmt,
  TransactionStmt,
  UpdateStmt,
  VacuumStmt,
  VariableSetStmt,
} from 'libpg-query';
import type { Catalog } from '../catalog/catalog.js';
import { sequenceDefaults } from '../catalog/insert-defaults.js';
import type { CatalogColumn } from '../catalog/types.js';
import { findOption, isFalseOption, nodeAs, nodeBody, nodeType, rangeVarName, stringList, stringValue, type AstNode } from '../parse/ast.js';
import { functionCalls, literalArgument, type FunctionCall } from '../parse/function-calls.js';
import { ensureParser } from '../parse/parser.js';
import { splitStatementsSync } from '../parse/split.js';
import { withClassification } from '../parse/statement.js';
import type { Classification, ClassifiedStatement, ParsedStatement, SideEffect, StatementAction, StatementCategory } from '../types.js';
import { objectWords } from './object-types.js';
import { analyzePlpgsql } from './plpgsql.js';
import { functionEffect, mentionsSideEffectFunction } from './side-effect-functions.js';

/**
 * Options of {@link classifyStatement} and {@link classify}.
 *
 * @example
 * ```ts
 * const statements = await classify(sql, 'up.sql', { catalog: await loadCatalog(client) });
 * ```
 */export interface ClassifyOptions {
  /**
   * The database catalog (from `loadCatalog`): lets the classifier see serial/identity defaults
   * behind an INSERT, foreign tables, procedures that commit, partitioned tables.
   */
  readonly catalog?: Catalog;
  /**
   * Procedures known to commit or roll back (`schema.name` or `name`), e.g. created earlier in
   * the same run; {@link classifyStatements} fills it as it goes.
   */
  readonly committingProcedures?: ReadonlySet<string>;
}

interface Base {
  category: StatementCategory;
  action: StatementAction;
  tag: string;
  reason: string;
  sideEffects: readonly SideEffect[];
}

interface Effect {
  readonly effect: SideEffect;
  readonly action: StatementAction;
}

const ACTION_RANK: Readonly<Record<StatementAction, number>> = { execute: 0, static: 1, refuse: 2 };

const NO_EFFECTS: readonly SideEffect[] = Object.freeze([]);

// Shaped like a Classification, so that a statement without side effects returns it as it is.
function base(category: StatementCategory, tag: string, reason: string, action: StatementAction = 'execute'): Base {
  return { category, action, reason, tag, sideEffects: NO_EFFECTS };
}

const ddl = (tag: string, reason = 'changes the schema; runs inside the rolled-back transaction.'): Base => base('ddl', tag, reason);

/**
 * Classifications that depend on a few words of the statement (its object type, its target
 * table) are built once and shared by every statement giving the same words: a long run has
 * thousands of `ALTER TABLE`s and `INSERT INTO t`s. Bounded, so a long-lived process does not
 * accumulate table names.
 */
class SharedBases {
  private readonly map = new Map<string, Base>();

  constructor(private readonly make: (key: string) => Base) {}

  get(key: string): Base {
    let found = this.map.get(key);
    if (!found) {
      if (this.map.size >= 4096) this.map.clear();
      found = Object.freeze(this.make(key));
      this.map.set(key, found);
    }
    return found;
  }
}

// --- statement handlers -------------------------------------------------------------------

function transaction(body: TransactionStmt): Base {
  const tags: Record<string, string> = {
    TRANS_STMT_BEGIN: 'BEGIN',
    TRANS_STMT_START: 'START TRANSACTION',
    TRANS_STMT_COMMIT: 'COMMIT',
    TRANS_STMT_ROLLBACK: 'ROLLBACK',
    TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
    TRANS_STMT_RELEASE: 'RELEASE',
    TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
    TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
    TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
    TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
  };
  const tag = tags[body.kind ?? ''] ?? 'TRANSACTION';
  const why: Record<string, string> = {
    BEGIN: 'the migration is already run inside the dry-run transaction, and its matching COMMIT would end it',
    'START TRANSACTION': 'the migration is already run inside the dry-run transaction, and its matching COMMIT would end it',
    COMMIT: 'it would end the dry-run transaction and make the statements before it permanent',
    ROLLBACK: 'it would end the dry-run transaction, and the statements after it would run outside any transaction',
    SAVEPOINT: 'savepoints are the dry-run\'s own tool to isolate statements; the migration\'s ROLLBACK TO / RELEASE would interfere with them',
    RELEASE: 'savepoints are the dry-run\'s own tool to isolate statements; releasing one from the migration would interfere with them',
    'ROLLBACK TO SAVEPOINT': 'savepoints are the dry-run\'s own tool to isolate statements; rolling back to one from the migration would interfere with them',
    'PREPARE TRANSACTION': 'it would end the dry-run transaction and keep its changes as a prepared transaction',
    'COMMIT PREPARED': 'it commits another, prepared transaction, permanently',
    'ROLLBACK PREPARED': 'it rolls back another, prepared transaction, permanently',
  };
  return base('transaction-control', tag, `${tag} is refused: ${why[tag] ?? 'it controls the transaction the dry-run owns'}.`, 'refuse');
}

const TRANSACTION_SETTINGS = new Set(['transaction_isolation', 'transaction_read_only', 'transaction_deferrable']);

function variableSet(body: VariableSetStmt, effects: Effect[]): Base {
  const name = body.name ?? '';
  if (body.kind === 'VAR_SET_MULTI' && name === 'TRANSACTION') {
    return base(
      'transaction-control',
      'SET TRANSACTION',
      'SET TRANSACTION changes the characteristics of the transaction, which the dry-run owns (and must come before any query in it): analyzed, not run.',
      'static',
    );
  }
  if (TRANSACTION_SETTINGS.has(name)) {
    return base('transaction-control', 'SET', `SET ${name} changes the characteristics of the transaction the dry-run owns: analyzed, not run.`, 'static');
  }
  const reset = body.kind === 'VAR_RESET' || body.kind === 'VAR_RESET_ALL';
  const tag = reset ? 'RESET' : body.is_local ? 'SET LOCAL' : 'SET';
  if (body.is_local) return base('ddl', tag, `SET LOCAL ${name} lasts until the end of the transaction; runs inside the dry-run.`);
  const what =
    body.kind === 'VAR_RESET_ALL'
      ? 'RESET ALL'
      : name === 'SESSION CHARACTERISTICS'
        ? 'SET SESSION CHARACTERISTICS'
        : `${tag} ${name}`;
  effects.push({
    effect: {
      kind: 'session-setting',
      detail: `${what} changes the session, beyond the migration's transaction, once committed; in the dry-run the rollback undoes it (PostgreSQL reverts SET made in a transaction that rolls back).`,
    },
    action: 'execute',
  });
  return base('ddl', tag, `${what} is a session-level setting.`);
}

function selectLike(body: SelectStmt): Base {
  if (body.intoClause) return base('ddl', 'SELECT INTO', 'SELECT INTO creates a table from a query; runs inside the rolled-back transaction.');
  const locking = (body.lockingClause?.length ?? 0) > 0;
  return base('query', locking ? 'SELECT FOR UPDATE' : 'SELECT', locking ? 'reads rows and locks them until the end of the transaction.' : 'reads data.');
}

function copy(body: CopyStmt, effects: Effect[]): Base {
  const direction = body.is_from ? 'FROM' : 'TO';
  if (body.is_program) {
    effects.push({
      effect: { kind: 'file', detail: `COPY ${direction} PROGRAM runs a shell command on the database server, which no rollback undoes.` },
      action: 'static',
    });
    return base(body.is_from ? 'dml' : 'query', `COPY ${direction} PROGRAM`, `COPY ${direction} PROGRAM runs a server-side command: analyzed, not run.`, 'static');
  }
  if (body.filename !== undefined) {
    effects.push({
      effect: {
        kind: 'file',
        detail: body.is_from
          ? `COPY FROM '${body.filename}' reads a file on the database server; the rows it loads are rolled back but the file access is real.`
          : `COPY TO '${body.filename}' writes a file on the database server, which a rollback does not undo.`,
      },
      action: 'static',
    });
    return base(body.is_from ? 'dml' : 'query', `COPY ${direction} FILE`, `COPY ${direction} a server file: analyzed, not run.`, 'static');
  }
  // COPY ... STDIN/STDOUT exchanges data with the client over the COPY protocol; a migration file
  // has no data stream to give it (psql's inline data is not SQL), so it cannot be executed here.
  return body.is_from
    ? base('dml', 'COPY FROM STDIN', 'COPY FROM STDIN loads rows sent by the client, which the dry-run has no stream for: analyzed, not run.', 'static')
    : base('query', 'COPY TO STDOUT', 'COPY TO STDOUT sends rows to the client over the COPY protocol, which the dry-run does not consume: analyzed, not run.', 'static');
}

function index(body: IndexStmt): Base {
  const tag = `CREATE ${body.unique ? 'UNIQUE ' : ''}INDEX${body.concurrent ? ' CONCURRENTLY' : ''}`;
  if (body.concurrent) {
    return base(
      'non-transactional',
      tag,
      'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: analyzed as the index build it does (locks, scans), not run.',
      'static',
    );
  }
  return ddl(tag, 'builds an index; runs inside the rolled-back transaction.');
}

function drop(body: DropStmt): Base {
  const words = objectWords(body.removeType);
  if (body.concurrent) {
    return base('non-transactional', `DROP ${words} CONCURRENTLY`, 'DROP INDEX CONCURRENTLY cannot run inside a transaction block: analyzed, not run.', 'static');
  }
  if (body.removeType === 'OBJECT_DATABASE') return nonTransactional('DROP DATABASE');
  if (body.removeType === 'OBJECT_TABLESPACE') return nonTransactional('DROP TABLESPACE');
  if (body.removeType === 'OBJECT_SUBSCRIPTION') {
    return base('non-transactional', 'DROP SUBSCRIPTION', 'DROP SUBSCRIPTION cannot run inside a transaction block when the subscription has a replication slot: analyzed, not run.', 'static');
  }
  return DROP_BASES.get(words);
}

const DROP_BASES = new SharedBases((words) => {
  return ddl(`DROP ${words}`, `drops ${words.toLowerCase()} objects; runs inside the rolled-back transaction.`);
});

function nonTransactional(tag: string): Base {
  return base('non-transactional', tag, `${tag} cannot run inside a transaction block: analyzed, not run.`, 'static');
}

function reindex(body: ReindexStmt): Base {
  const concurrent = (body.params ?? []).some((p) => {
    const d = nodeAs<{ defname?: string; arg?: unknown }>(p, 'DefElem');
    return d?.defname === 'concurrently' && !isFalseOption(findOption([p], 'concurrently').value);
  });
  const kind = (body.kind ?? 'REINDEX_OBJECT_INDEX').replace('REINDEX_OBJECT_', '');
  const tag = `REINDEX ${kind}${concurrent ? ' CONCURRENTLY' : ''}`;
  if (concurrent) return nonTransactional(tag);
  if (kind === 'SCHEMA' || kind === 'SYSTEM' || kind === 'DATABASE') return nonTransactional(tag);
  return ddl(tag, 'rebuilds indexes; runs inside the rolled-back transaction.');
}

function vacuum(body: VacuumStmt): Base {
  if (body.is_vacuumcmd) {
    const full = (body.options ?? []).some((o) => nodeAs<{ defname?: string }>(o, 'DefElem')?.defname === 'full' && !isFalseOption(findOption([o], 'full').value));
    return nonTransactional(full ? 'VACUUM FULL' : 'VACUUM');
  }
  return ddl('ANALYZE', 'collects statistics; runs inside the rolled-back transaction.');
}

function cluster(body: ClusterStmt, catalog: Catalog | undefined): Base {
  const name = rangeVarName(body.relation);
  if (!name) return nonTransactional('CLUSTER');
  const resolved = catalog?.resolve(name);
  if (resolved?.entry?.kind === 'p') {
    return base('non-transactional', 'CLUSTER', 'CLUSTER on a partitioned table cannot run inside a transaction block: analyzed, not run.', 'static');
  }
  return ddl('CLUSTER', 'rewrites the table in index order; runs inside the rolled-back transaction.');
}

function alterTable(body: AlterTableStmt): Base {
  const words = objectWords(body.objtype ?? 'OBJECT_TABLE');
  for (const c of body.cmds ?? []) {
    const cmd = nodeAs<AlterTableCmd>(c, 'AlterTableCmd');
    if (cmd?.subtype === 'AT_DetachPartition' && nodeAs<{ concurrent?: boolean }>(cmd.def, 'PartitionCmd')?.concurrent) {
      return base(
        'non-transactional',
        `ALTER ${words} DETACH PARTITION CONCURRENTLY`,
        'DETACH PARTITION CONCURRENTLY cannot run inside a transaction block: analyzed, not run.',
        'static',
      );
    }
  }
  return ALTER_BASES.get(words);
}

const ALTER_BASES = new SharedBases((words) => ddl(`ALTER ${words}`));

function subscription(body: CreateSubscriptionStmt): Base {
  const connect = findOption(body.options, 'connect');
  const slot = findOption(body.options, 'create_slot');
  if ((connect.found && isFalseOption(connect.value)) || (slot.found && isFalseOption(slot.value))) {
    return ddl('CREATE SUBSCRIPTION', 'creates a subscription without a replication slot; runs inside the rolled-back transaction.');
  }
  return base(
    'non-transactional',
    'CREATE SUBSCRIPTION',
    'CREATE SUBSCRIPTION that creates a replication slot cannot run inside a transaction block (and the slot lives on the publisher): analyzed, not run.',
    'static',
  );
}

function alterSubscription(body: AlterSubscriptionStmt): Base {
  const refreshKinds = new Set(['ALTER_SUBSCRIPTION_REFRESH', 'ALTER_SUBSCRIPTION_SET_PUBLICATION', 'ALTER_SUBSCRIPTION_ADD_PUBLICATION', 'ALTER_SUBSCRIPTION_DROP_PUBLICATION']);
  if (refreshKinds.has(body.kind ?? '')) {
    const refresh = findOption(body.options, 'refresh');
    if (body.kind === 'ALTER_SUBSCRIPTION_REFRESH' || !(refresh.found && isFalseOption(refresh.value))) {
      return base('non-transactional', 'ALTER SUBSCRIPTION', 'ALTER SUBSCRIPTION ... REFRESH PUBLICATION cannot run inside a transaction block: analyzed, not run.', 'static');
    }
  }
  return ddl('ALTER SUBSCRIPTION');
}

function explain(body: ExplainStmt, statement: ParsedStatement, options: ClassifyOptions, effects: Effect[]): Base {
  const analyze = (body.options ?? []).some((o) => nodeAs<{ defname?: string }>(o, 'DefElem')?.defname === 'analyze' && !isFalseOption(findOption([o], 'analyze').value));
  if (!analyze) return base('query', 'EXPLAIN', 'shows a plan without running the statement (its locks are still taken while planning).');
  const inner = body.query as AstNode | undefined;
  const innerType = nodeType(inner);
  if (inner && innerType) {
    const nested = classifyStatement({ ...statement, nodeType: innerType, ast: inner as Record<string, unknown> }, options);
    for (const e of nested.sideEffects) effects.push({ effect: e, action: nested.action });
    return { category: nested.category, action: nested.action, tag: `EXPLAIN ANALYZE ${nested.tag}`, reason: `EXPLAIN ANALYZE runs the statement: ${nested.reason}`, sideEffects: NO_EFFECTS };
  }
  return base('query', 'EXPLAIN ANALYZE', 'runs the statement and shows its plan.');
}

function doBlock(body: DoStmt, statement: ParsedStatement, effects: Effect[]): Base {
  let code: string | undefined;
  let language = 'plpgsql';
  for (const a of body.args ?? []) {
    const d = nodeAs<{ defname?: string; arg?: unknown }>(a, 'DefElem');
    if (d?.defname === 'as') code = stringValue(d.arg);
    else if (d?.defname === 'language') language = stringValue(d.arg) ?? language;
  }
  if (language !== 'plpgsql' || code === undefined) {
    return base('ddl', 'DO', `anonymous code block in ${language}: its body is not analyzed; runs inside the rolled-back transaction.`);
  }
  const facts = analyzePlpgsql(statement.sql, code, { calls: mentionsSideEffectFunction(code) });
  if (facts.transactionControl.length > 0) {
    effects.push({
      effect: { kind: 'transaction-control', detail: `the DO block runs ${[...new Set(facts.transactionControl)].join(' and ')}.` },
      action: 'refuse',
    });
    return base(
      'transaction-control',
      'DO',
      `DO block with ${[...new Set(facts.transactionControl)].join('/')} is refused: inside the dry-run transaction PostgreSQL raises "invalid transaction termination", and run on its own it would commit part of the migration.`,
      'refuse',
    );
  }
  for (const call of facts.calls) addFunctionEffect(call.name, call.schema, undefined, effects, 'in the DO block');
  return base(
    'ddl',
    'DO',
    `anonymous PL/pgSQL block${facts.dynamicSql ? ' (with dynamic SQL, which is not analyzed)' : ''}; runs inside the rolled-back transaction.`,
  );
}

function procedureName(body: CallStmt): { schema: string | null; name: string } | undefined {
  const parts = stringList(body.funccall?.funcname);
  const name = parts[parts.length - 1];
  if (name === undefined) return undefined;
  return { schema: parts.length >= 2 ? (parts[parts.length - 2] as string) : null, name };
}

function call(body: CallStmt, options: ClassifyOptions, effects: Effect[]): Base {
  const proc = procedureName(body);
  const label = proc ? (proc.schema ? `${proc.schema}.${proc.name}` : proc.name) : 'procedure';
  let commits = false;
  if (proc) {
    const known = options.committingProcedures;
    if (known && (known.has(label) || known.has(proc.name))) commits = true;
    const fromCatalog = options.catalog?.functionsNamed(proc.name, proc.schema).filter((f) => f.kind === 'p') ?? [];
    if (fromCatalog.some((f) => f.transactionControl === true)) commits = true;
  }
  if (commits) {
    effects.push({ effect: { kind: 'transaction-control', detail: `procedure ${label} runs COMMIT or ROLLBACK.` }, action: 'refuse' });
    return base(
      'transaction-control',
      'CALL',
      `CALL ${label} is refused: the procedure commits or rolls back, which fails inside the dry-run transaction ("invalid transaction termination") and would commit part of the migration when run on its own.`,
      'refuse',
    );
  }
  effects.push({
    effect: {
      kind: 'procedure',
      detail: `CALL ${label} runs a procedure whose body is not analyzed; inside the dry-run transaction a COMMIT or ROLLBACK in it raises an error instead of committing.`,
    },
    action: 'execute',
  });
  return base('ddl', 'CALL', `calls procedure ${label}.`);
}

function createFunction(body: CreateFunctionStmt): Base {
  const what = body.is_procedure ? 'PROCEDURE' : 'FUNCTION';
  return ddl(`CREATE ${body.replace ? 'OR REPLACE ' : ''}${what}`, `defines a ${what.toLowerCase()}; its body is stored, not run.`);
}

function grant(body: GrantStmt): Base {
  return ddl(body.is_grant ? 'GRANT' : 'REVOKE', 'changes privileges; runs inside the rolled-back transaction.');
}

function fetch(body: FetchStmt): Base {
  return base('query', body.ismove ? 'MOVE' : 'FETCH', 'reads from a cursor.');
}

// Node types whose category, tag and action do not depend on their content.
const SIMPLE: Readonly<Record<string, () => Base>> = {
  CreateStmt: () => ddl('CREATE TABLE'),
  CreateSchemaStmt: () => ddl('CREATE SCHEMA'),
  AlterCollationStmt: () => ddl('ALTER COLLATION'),
  AlterDomainStmt: () => ddl('ALTER DOMAIN'),
  GrantRoleStmt: () => ddl('GRANT ROLE'),
  AlterDefaultPrivilegesStmt: () => ddl('ALTER DEFAULT PRIVILEGES'),
  VariableShowStmt: () => base('query', 'SHOW', 'shows a setting.'),
  CreateTableSpaceStmt: () => nonTransactional('CREATE TABLESPACE'),
  DropTableSpaceStmt: () => nonTransactional('DROP TABLESPACE'),
  AlterTableSpaceOptionsStmt: () => ddl('ALTER TABLESPACE'),
  AlterTableMoveAllStmt: () => ddl('ALTER TABLE ALL IN TABLESPACE', 'moves every relation of a tablespace (rewriting them); runs inside the rolled-back transaction.'),
  CreateExtensionStmt: () => ddl('CREATE EXTENSION'),
  AlterExtensionStmt: () => ddl('ALTER EXTENSION'),
  AlterExtensionContentsStmt: () => ddl('ALTER EXTENSION'),
  CreateFdwStmt: () => ddl('CREATE FOREIGN DATA WRAPPER'),
  AlterFdwStmt: () => ddl('ALTER FOREIGN DATA WRAPPER'),
  CreateForeignServerStmt: () => ddl('CREATE SERVER'),
  AlterForeignServerStmt: () => ddl('ALTER SERVER'),
  CreateForeignTableStmt: () => ddl('CREATE FOREIGN TABLE'),
  CreateUserMappingStmt: () => ddl('CREATE USER MAPPING'),
  AlterUserMappingStmt: () => ddl('ALTER USER MAPPING'),
  DropUserMappingStmt: () => ddl('DROP USER MAPPING'),
  ImportForeignSchemaStmt: () => ddl('IMPORT FOREIGN SCHEMA', 'creates foreign tables from a remote schema (reading it); runs inside the rolled-back transaction.'),
  CreatePolicyStmt: () => ddl('CREATE POLICY'),
  AlterPolicyStmt: () => ddl('ALTER POLICY'),
  CreateAmStmt: () => ddl('CREATE ACCESS METHOD'),
  CreateTrigStmt: () => ddl('CREATE TRIGGER'),
  CreateEventTrigStmt: () => ddl('CREATE EVENT TRIGGER'),
  AlterEventTrigStmt: () => ddl('ALTER EVENT TRIGGER'),
  CreatePLangStmt: () => ddl('CREATE LANGUAGE'),
  CreateRoleStmt: () => ddl('CREATE ROLE', 'creates a role (cluster-wide, but transactional); runs inside the rolled-back transaction.'),
  AlterRoleStmt: () => ddl('ALTER ROLE', 'changes a role (cluster-wide, but transactional); runs inside the rolled-back transaction.'),
  AlterRoleSetStmt: () => ddl('ALTER ROLE', 'changes a role default setting (transactional); runs inside the rolled-back transaction.'),
  DropRoleStmt: () => ddl('DROP ROLE', 'drops a role (cluster-wide, but transactional); runs inside the rolled-back transaction.'),
  CreateSeqStmt: () => ddl('CREATE SEQUENCE'),
  AlterSeqStmt: () => ddl('ALTER SEQUENCE'),
  CreateDomainStmt: () => ddl('CREATE DOMAIN'),
  CreateOpClassStmt: () => ddl('CREATE OPERATOR CLASS'),
  CreateOpFamilyStmt: () => ddl('CREATE OPERATOR FAMILY'),
  AlterOpFamilyStmt: () => ddl('ALTER OPERATOR FAMILY'),
  TruncateStmt: () => ddl('TRUNCATE', 'empties tables (transactional in PostgreSQL); runs inside the rolled-back transaction.'),
  CommentStmt: () => ddl('COMMENT'),
  SecLabelStmt: () => ddl('SECURITY LABEL'),
  DeclareCursorStmt: () => base('query', 'DECLARE CURSOR', 'declares a cursor for the transaction.'),
  ClosePortalStmt: () => base('query', 'CLOSE', 'closes a cursor.'),
  CreateStatsStmt: () => ddl('CREATE STATISTICS'),
  AlterStatsStmt: () => ddl('ALTER STATISTICS'),
  AlterFunctionStmt: () => ddl('ALTER FUNCTION'),
  AlterObjectDependsStmt: () => ddl('ALTER EXTENSION DEPENDS'),
  AlterOperatorStmt: () => ddl('ALTER OPERATOR'),
  AlterTypeStmt: () => ddl('ALTER TYPE'),
  RuleStmt: () => ddl('CREATE RULE'),
  CompositeTypeStmt: () => ddl('CREATE TYPE'),
  CreateEnumStmt: () => ddl('CREATE TYPE'),
  CreateRangeStmt: () => ddl('CREATE TYPE'),
  AlterEnumStmt: () => ddl('ALTER TYPE', 'changes an enum type (ADD VALUE runs in a transaction since PostgreSQL 12; the new value is usable after commit); runs inside the rolled-back transaction.'),
  ViewStmt: () => ddl('CREATE VIEW'),
  CreatedbStmt: () => nonTransactional('CREATE DATABASE'),
  DropdbStmt: () => nonTransactional('DROP DATABASE'),
  AlterDatabaseRefreshCollStmt: () => ddl('ALTER DATABASE'),
  AlterDatabaseSetStmt: () => ddl('ALTER DATABASE', 'changes a database default setting (transactional); runs inside the rolled-back transaction.'),
  AlterSystemStmt: () => nonTransactional('ALTER SYSTEM'),
  RefreshMatViewStmt: () => ddl('REFRESH MATERIALIZED VIEW', 'recomputes a materialized view; runs inside the rolled-back transaction.'),
  LockStmt: () => ddl('LOCK TABLE', 'takes table locks until the end of the transaction.'),
  ConstraintsSetStmt: () => base('transaction-control', 'SET CONSTRAINTS', 'SET CONSTRAINTS only changes when deferrable constraints are checked inside the current transaction; runs inside the rolled-back transaction.'),
  CreateConversionStmt: () => ddl('CREATE CONVERSION'),
  CreateCastStmt: () => ddl('CREATE CAST'),
  CreateTransformStmt: () => ddl('CREATE TRANSFORM'),
  DeallocateStmt: () => base('query', 'DEALLOCATE', 'removes a prepared statement.'),
  DropOwnedStmt: () => ddl('DROP OWNED'),
  ReassignOwnedStmt: () => ddl('REASSIGN OWNED'),
  AlterTSDictionaryStmt: () => ddl('ALTER TEXT SEARCH DICTIONARY'),
  AlterTSConfigurationStmt: () => ddl('ALTER TEXT SEARCH CONFIGURATION'),
  CreatePublicationStmt: () => ddl('CREATE PUBLICATION'),
  AlterPublicationStmt: () => ddl('ALTER PUBLICATION'),
  DropSubscriptionStmt: () =>
    base('non-transactional', 'DROP SUBSCRIPTION', 'DROP SUBSCRIPTION cannot run inside a transaction block when the subscription has a replication slot: analyzed, not run.', 'static'),
};

// --- side effects ---------------------------------------------------------------------------

function addFunctionEffect(name: string, schema: string | null, detailArg: string | undefined, effects: Effect[], where = ''): void {
  if (schema !== null && schema !== 'pg_catalog' && !name.startsWith('dblink')) return;
  const e = functionEffect(name);
  if (!e) return;
  const subject = detailArg ? `${name}(${detailArg})` : `${name}()`;
  effects.push({ effect: { kind: e.kind, detail: `${subject}${where ? ` ${where}` : ''} ${e.what}.` }, action: e.action });
}

function callEffects(ast: AstNode, effects: Effect[]): void {
  const calls = functionCalls(ast);
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as FunctionCall;
    if (call.name === 'set_config' && (call.schema === null || call.schema === 'pg_catalog')) {
      const local = literalArgument(call, 2);
      if (local !== true) {
        const setting = literalArgument(call, 0);
        effects.push({
          effect: {
            kind: 'session-setting',
            detail: `set_config(${typeof setting === 'string' ? `'${setting}'` : '...'}, ..., false) changes the session setting beyond the transaction once committed; in the dry-run the rollback undoes it.`,
          },
          action: 'execute',
        });
      }
      continue;
    }
    const arg = call.name === 'nextval' || call.name === 'setval' ? literalArgument(call, 0) : undefined;
    addFunctionEffect(call.name, call.schema, typeof arg === 'string' ? `'${arg}'` : undefined, effects);
  }
}

/** Sequences an INSERT draws from through column defaults (serial, identity, nextval defaults). */
function insertSequenceEffects(body: InsertStmt, catalog: Catalog | undefined, effects: Effect[], notes: string[]): void {
  const name = rangeVarName(body.relation);
  if (!name) return;
  if (!catalog) {
    notes.push('without a catalog the column defaults are unknown: a serial/identity column or a nextval() default would advance its sequence, which a rollback does not undo');
    return;
  }
  const target = catalog.resolve(name);
  const entry = target.entry;
  if (!entry) return;
  for (const col of sequenceDefaults(body, entry, selectListWidth)) {
    effects.push({ effect: { kind: 'sequence', detail: sequenceDetail(target.key, col) }, action: 'execute' });
  }
}

// Without a column list, an INSERT ... SELECT fills as many columns as its select list has,
// unless a star makes that unknown (then every column).
function selectListWidth(select: SelectStmt): number {
  const targets = select.targetList;
  return targets && !targets.some((t) => functionlessStar(t)) ? targets.length : Number.MAX_SAFE_INTEGER;
}

// One text per table and column, shared by every INSERT into it.
const SEQUENCE_DETAILS = new Map<string, Map<string, string>>();

function sequenceDetail(table: string, col: CatalogColumn): string {
  let byColumn = SEQUENCE_DETAILS.get(table);
  if (!byColumn) {
    // Bounded, so that a long-lived process does not accumulate table names.
    if (SEQUENCE_DETAILS.size >= 4096) SEQUENCE_DETAILS.clear();
    SEQUENCE_DETAILS.set(table, (byColumn = new Map()));
  }
  let text = byColumn.get(col.name);
  if (text === undefined) {
    text = `inserting into ${table} draws ${col.name} from sequence ${col.sequence}, which a rollback does not reset (the dry-run restores it afterwards).`;
    byColumn.set(col.name, text);
  }
  return text;
}

function functionlessStar(target: unknown): boolean {
  const val = nodeAs<{ val?: unknown }>(target, 'ResTarget')?.val;
  const fields = nodeAs<{ fields?: unknown[] }>(val, 'ColumnRef')?.fields ?? [];
  return fields.some((f) => nodeType(f) === 'A_Star');
}

/** Writes into foreign tables, whose remote side the local rollback may not reach. */
function foreignWriteEffects(relation: unknown, verb: string, catalog: Catalog | undefined, effects: Effect[]): void {
  if (!catalog) return;
  const name = rangeVarName(relation as Parameters<typeof rangeVarName>[0]);
  if (!name) return;
  const target = catalog.resolve(name);
  if (target.entry?.kind !== 'f') return;
  const fdw = target.entry.foreignDataWrapper ?? 'unknown wrapper';
  if (fdw === 'postgres_fdw') {
    effects.push({
      effect: {
        kind: 'remote',
        detail: `${verb} foreign table ${target.key} (postgres_fdw): the remote transaction is rolled back with the local one, but remote triggers, sequences and locks act on the remote server.`,
      },
      action: 'execute',
    });
  } else {
    effects.push({
      effect: { kind: 'remote', detail: `${verb} foreign table ${target.key} through ${fdw}, which may not roll back remote writes: analyzed, not run.` },
      action: 'static',
    });
  }
}

const DML_VERBS: Readonly<Record<string, string>> = { INSERT: 'inserts into', UPDATE: 'updates', DELETE: 'deletes from', MERGE: 'merges into' };

function dmlBases(tag: string): SharedBases {
  const verb = DML_VERBS[tag] ?? tag.toLowerCase();
  return new SharedBases((target) => base('dml', tag, `${verb}${target ? ` ${target}` : ''}; runs inside the rolled-back transaction.`));
}

const DML_BASES: Readonly<Record<string, SharedBases>> = { INSERT: dmlBases('INSERT'), UPDATE: dmlBases('UPDATE'), DELETE: dmlBases('DELETE'), MERGE: dmlBases('MERGE') };

// The target table as the statement writes it (schema-qualified only when it is).
function writtenName(relation: Parameters<typeof rangeVarName>[0]): string | undefined {
  const target = rangeVarName(relation);
  return target ? (target.schema ? `${target.schema}.${target.name}` : target.name) : undefined;
}

function dmlBase(tag: 'INSERT' | 'UPDATE' | 'DELETE' | 'MERGE', target: string | undefined): Base {
  return (DML_BASES[tag] as SharedBases).get(target ?? '');
}

const CREATE_BASES = new SharedBases((words) => ddl(`CREATE ${words}`));
const SIMPLE_BASES = new SharedBases((type) => (SIMPLE[type] as () => Base)());

// Statements whose grammar holds no expression, hence no function call to look for: walking
// their tree would find nothing (a long run has thousands of GRANTs, COMMENTs, OWNER TOs).
const NO_EXPRESSIONS: ReadonlySet<string> = new Set([
  'GrantStmt',
  'GrantRoleStmt',
  'CommentStmt',
  'CreateSeqStmt',
  'AlterSeqStmt',
  'AlterOwnerStmt',
  'RenameStmt',
  'AlterObjectSchemaStmt',
  'AlterEnumStmt',
  'CreateEnumStmt',
  'VariableShowStmt',
  'ClosePortalStmt',
  'DeallocateStmt',
]);

// --- entry points ---------------------------------------------------------------------------

/**
 * Classifies one statement: its category (`ddl`, `dml`, `query`, `transaction-control`,
 * `non-transactional`, `side-effect`), what the dry-run does with it (`execute` inside the
 * rolled-back transaction, analyze it `static`ally without running it, or `refuse` the run),
 * a command tag, the reason, and the side effects a rollback would not undo. Needs the parser
 * loaded (`await ensureParser()`); unknown node types are `ddl` + `execute` with a reason
 * saying so.
 *
 * @example
 * ```ts
 * await ensureParser();
 * const [statement] = splitStatementsSync([{ file: null, sql: 'CREATE INDEX CONCURRENTLY i ON t (a)' }]);
 * classifyStatement(statement);
 * // { category: 'non-transactional', action: 'static', tag: 'CREATE INDEX CONCURRENTLY', ... }
 * ```
 */
export function classifyStatement(statement: ParsedStatement, options: ClassifyOptions = {}): Classification {
  const ast = statement.ast as AstNode;
  const type = statement.nodeType;
  const body = nodeBody<Record<string, unknown>>(ast) ?? {};
  // Scratch lists, emptied after use: most statements have no effect and no note, and a
  // classification keeps neither list (finish copies what it needs). EXPLAIN classifies its
  // statement from inside: a nested call gets lists of its own.
  const nested = depth++ > 0;
  const effects: Effect[] = nested ? [] : SCRATCH_EFFECTS;
  const notes: string[] = nested ? [] : SCRATCH_NOTES;
  try {
    return classifyInto(statement, options, ast, type, body, effects, notes);
  } finally {
    depth--;
    // Setting length is a runtime call: only when there is something to drop.
    if (!nested && SCRATCH_EFFECTS.length > 0) SCRATCH_EFFECTS.length = 0;
    if (!nested && SCRATCH_NOTES.length > 0) SCRATCH_NOTES.length = 0;
  }
}

const SCRATCH_EFFECTS: Effect[] = [];
const SCRATCH_NOTES: string[] = [];
let depth = 0;

function classifyInto(statement: ParsedStatement, options: ClassifyOptions, ast: AstNode, type: string, body: Record<string, unknown>, effects: Effect[], notes: string[]): Classification {
  const catalog = options.catalog;
  let result: Base;
  let runsExpressions = true;

  switch (type) {
    case 'TransactionStmt':
      result = transaction(body as TransactionStmt);
      runsExpressions = false;
      break;
    case 'VariableSetStmt':
      result = variableSet(body as VariableSetStmt, effects);
      runsExpressions = false;
      break;
    case 'SelectStmt':
      result = selectLike(body as SelectStmt);
      break;
    case 'InsertStmt': {
      const b = body as InsertStmt;
      result = dmlBase('INSERT', writtenName(b.relation));
      insertSequenceEffects(b, catalog, effects, notes);
      foreignWriteEffects(b.relation, 'inserting into', catalog, effects);
      break;
    }
    case 'UpdateStmt': {
      const b = body as UpdateStmt;
      result = dmlBase('UPDATE', writtenName(b.relation));
      foreignWriteEffects(b.relation, 'updating', catalog, effects);
      break;
    }
    case 'DeleteStmt': {
      const b = body as DeleteStmt;
      result = dmlBase('DELETE', writtenName(b.relation));
      foreignWriteEffects(b.relation, 'deleting from', catalog, effects);
      break;
    }
    case 'MergeStmt': {
      const b = body as MergeStmt;
      result = dmlBase('MERGE', writtenName(b.relation));
      foreignWriteEffects(b.relation, 'merging into', catalog, effects);
      break;
    }
    case 'CopyStmt': {
      const b = body as CopyStmt;
      result = copy(b, effects);
      if (b.is_from) foreignWriteEffects(b.relation, 'copying into', catalog, effects);
      break;
    }
    case 'IndexStmt':
      result = index(body as IndexStmt);
      break;
    case 'DropStmt':
      result = drop(body as DropStmt);
      runsExpressions = false;
      break;
    case 'ReindexStmt':
      result = reindex(body as ReindexStmt);
      break;
    case 'VacuumStmt':
      result = vacuum(body as VacuumStmt);
      break;
    case 'ClusterStmt':
      result = cluster(body as ClusterStmt, catalog);
      break;
    case 'AlterTableStmt':
      result = alterTable(body as AlterTableStmt);
      break;
    case 'CreateSubscriptionStmt':
      result = subscription(body as CreateSubscriptionStmt);
      break;
    case 'AlterSubscriptionStmt':
      result = alterSubscription(body as AlterSubscriptionStmt);
      break;
    case 'AlterDatabaseStmt': {
      const tablespace = findOption((body as { options?: unknown[] }).options, 'tablespace');
      result = tablespace.found ? nonTransactional('ALTER DATABASE SET TABLESPACE') : ddl('ALTER DATABASE');
      break;
    }
    case 'DiscardStmt': {
      const target = (body as DiscardStmt).target ?? 'DISCARD_ALL';
      if (target === 'DISCARD_ALL') result = nonTransactional('DISCARD ALL');
      else {
        const what = target.replace('DISCARD_', '');
        effects.push({ effect: { kind: 'session-setting', detail: `DISCARD ${what} resets session state (${what.toLowerCase()}), which is not transactional.` }, action: 'execute' });
        result = ddl(`DISCARD ${what}`, `DISCARD ${what} resets session state.`);
      }
      break;
    }
    case 'ExplainStmt':
      result = explain(body as ExplainStmt, statement, options, effects);
      runsExpressions = false;
      break;
    case 'CreateTableAsStmt': {
      const b = body as CreateTableAsStmt;
      const tag = b.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : b.is_select_into ? 'SELECT INTO' : 'CREATE TABLE AS';
      result = ddl(tag, `${b.into?.skipData ? 'creates an empty relation from a query' : 'creates and fills a relation from a query'}; runs inside the rolled-back transaction.`);
      break;
    }
    case 'DoStmt':
      result = doBlock(body as DoStmt, statement, effects);
      runsExpressions = false;
      break;
    case 'CallStmt':
      result = call(body as CallStmt, options, effects);
      break;
    case 'CreateFunctionStmt':
      result = createFunction(body as CreateFunctionStmt);
      runsExpressions = false;
      break;
    case 'GrantStmt':
      result = grant(body as GrantStmt);
      break;
    case 'FetchStmt':
      result = fetch(body as FetchStmt);
      break;
    case 'RenameStmt':
    case 'AlterObjectSchemaStmt':
    case 'AlterOwnerStmt': {
      const objectType = (body as { renameType?: string; objectType?: string }).renameType ?? (body as { objectType?: string }).objectType;
      const relationType = (body as { relationType?: string }).relationType;
      const words = objectType === 'OBJECT_COLUMN' || objectType === 'OBJECT_TABCONSTRAINT' || objectType === 'OBJECT_TRIGGER' || objectType === 'OBJECT_POLICY' || objectType === 'OBJECT_RULE'
        ? objectWords(relationType ?? 'OBJECT_TABLE')
        : objectWords(objectType);
      result = ALTER_BASES.get(words);
      break;
    }
    case 'DefineStmt': {
      result = CREATE_BASES.get(objectWords((body as { kind?: string }).kind));
      break;
    }
    case 'NotifyStmt': {
      const channel = (body as { conditionname?: string }).conditionname ?? '';
      effects.push({
        effect: { kind: 'notify', detail: `NOTIFY ${channel} is only delivered at commit: the dry-run rollback suppresses it, so listeners see nothing.` },
        action: 'execute',
      });
      result = ddl('NOTIFY', 'sends a notification at commit.');
      break;
    }
    case 'ListenStmt':
    case 'UnlistenStmt': {
      const verb = type === 'ListenStmt' ? 'LISTEN' : 'UNLISTEN';
      const channel = (body as { conditionname?: string }).conditionname ?? '*';
      effects.push({
        effect: { kind: 'listen', detail: `${verb} ${channel} changes what the session listens to once committed; in a transaction that rolls back it has no effect.` },
        action: 'execute',
      });
      result = ddl(verb, `${verb} registers the session for notifications at commit.`);
      break;
    }
    case 'LoadStmt':
      effects.push({ effect: { kind: 'session-setting', detail: 'LOAD loads a shared library into the session, which a rollback does not unload.' }, action: 'execute' });
      result = ddl('LOAD', 'loads a shared library into the session.');
      break;
    case 'CheckPointStmt':
      effects.push({ effect: { kind: 'signal', detail: 'CHECKPOINT forces a server-wide checkpoint, which no rollback undoes.' }, action: 'static' });
      result = base('ddl', 'CHECKPOINT', 'forces a checkpoint of the whole server: analyzed, not run.', 'static');
      break;
    case 'PrepareStmt':
      effects.push({
        effect: { kind: 'session-setting', detail: 'PREPARE keeps the prepared statement in the session after the rollback (DEALLOCATE removes it).' },
        action: 'execute',
      });
      result = base('query', 'PREPARE', 'prepares a statement for the session (its relations are locked while it is analyzed).');
      runsExpressions = false;
      break;
    case 'ExecuteStmt':
      result = base('dml', 'EXECUTE', 'runs a prepared statement whose text is not analyzed here; runs inside the rolled-back transaction.');
      break;
    default: {
      result = SIMPLE[type]
        ? SIMPLE_BASES.get(type)
        : base('ddl', type.replace(/Stmt$/, '').toUpperCase(), `unrecognized statement type ${type}: treated as DDL and run inside the rolled-back transaction.`);
    }
  }

  if (runsExpressions && !NO_EXPRESSIONS.has(type)) callEffects(ast, effects);
  return finish(result, effects, notes);
}

// Classifications with one side effect and no note, per shared base and effect text: a long run
// has thousands of INSERTs into the same tables, each drawing from the same sequence.
// Keyed by the effect's text (shared texts keep their hash), checked against its kind and action.
const SINGLE_EFFECT = new WeakMap<Base, Map<string, { readonly effect: Effect; readonly classification: Classification }>>();

function finish(result: Base, effects: Effect[], notes: string[]): Classification {
  if (effects.length === 0 && notes.length === 0) return result;
  if (effects.length === 1 && notes.length === 0) {
    const only = effects[0] as Effect;
    let byDetail = SINGLE_EFFECT.get(result);
    if (!byDetail) SINGLE_EFFECT.set(result, (byDetail = new Map()));
    const done = byDetail.get(only.effect.detail);
    if (done && done.effect.action === only.action && done.effect.effect.kind === only.effect.kind) return done.classification;
    const classification = finishEach(result, effects, notes);
    if (byDetail.size >= 256) byDetail.clear();
    byDetail.set(only.effect.detail, { effect: only, classification });
    return classification;
  }
  return finishEach(result, effects, notes);
}

function finishEach(result: Base, effects: Effect[], notes: string[]): Classification {
  let action = result.action;
  let category = result.category;
  for (const e of effects) if (ACTION_RANK[e.action] > ACTION_RANK[action]) action = e.action;
  if (effects.length > 0 && category !== 'transaction-control' && category !== 'non-transactional') category = 'side-effect';
  let reason = result.reason;
  if (effects.length > 0 && result.category !== 'transaction-control') {
    const worst = effects.find((e) => e.action === action) ?? effects[0];
    reason =
      action === 'execute'
        ? `${result.tag} has effects a rollback does not undo or that outlive the transaction, which the dry-run can neutralize: ${effects.map((e) => e.effect.detail).join(' ')}`
        : `${result.tag} ${action === 'static' ? 'is analyzed, not run' : 'is refused'}: ${worst?.effect.detail ?? ''}`;
  }
  if (notes.length > 0) reason = `${reason} Note: ${notes.join('; ')}.`;
  const seen = new Set<string>();
  const sideEffects: SideEffect[] = [];
  for (const e of effects) {
    const id = `${e.effect.kind}\u0000${e.effect.detail}`;
    if (seen.has(id)) continue;
    seen.add(id);
    sideEffects.push(e.effect);
  }
  return { category, action, reason, tag: result.tag, sideEffects };
}

function procedureKey(body: CreateFunctionStmt): string[] {
  const parts = stringList(body.funcname);
  const name = parts[parts.length - 1];
  if (!name) return [];
  return parts.length >= 2 ? [`${parts[parts.length - 2]}.${name}`, name] : [name];
}

function plpgsqlBody(body: CreateFunctionStmt): string | undefined {
  let language: string | undefined;
  let code: string | undefined;
  for (const o of body.options ?? []) {
    const d = nodeAs<{ defname?: string; arg?: unknown }>(o, 'DefElem');
    if (d?.defname === 'language') language = stringValue(d.arg);
    else if (d?.defname === 'as') {
      const list = nodeAs<{ items?: unknown[] }>(d.arg, 'List')?.items;
      code = list ? stringValue(list[0]) : stringValue(d.arg);
    }
  }
  return language === 'plpgsql' ? code : undefined;
}

/**
 * Classifies the statements of one run in order. Procedures created earlier in the run whose
 * PL/pgSQL body commits make a later `CALL` of them refused.
 *
 * @example
 * ```ts
 * await ensureParser();
 * const statements = classifyStatements(splitStatementsSync(sources), { catalog });
 * const refused = statements.filter((s) => s.classification.action === 'refuse');
 * ```
 */
export function classifyStatements(statements: readonly ParsedStatement[], options: ClassifyOptions = {}): ClassifiedStatement[] {
  const committing = new Set(options.committingProcedures ?? []);
  const each: ClassifyOptions = { ...options, committingProcedures: committing };
  const out: ClassifiedStatement[] = [];
  // Indexed: this loop runs once per run, often before it is optimized, where a for...of
  // allocates an iterator result per statement.
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i] as ParsedStatement;
    const classification = classifyStatement(statement, each);
    out.push(withClassification(statement, classification));
    if (statement.nodeType === 'CreateFunctionStmt') {
      const body = nodeBody<CreateFunctionStmt>(statement.ast);
      if (body?.is_procedure) {
        const code = plpgsqlBody(body);
        if (code !== undefined && analyzePlpgsql(statement.sql, code, { calls: false }).transactionControl.length > 0) {
          for (const key of procedureKey(body)) committing.add(key);
        }
      }
    }
  }
  return out;
}

/**
 * Splits and classifies SQL text in one call (the public one-shot API).
 *
 * @example
 * ```ts
 * const statements = await classify('BEGIN; ALTER TABLE users ADD COLUMN age int; COMMIT;', 'up.sql');
 * statements.map((s) => s.classification.action); // ['refuse', 'execute', 'refuse']
 * ```
 */
export async function classify(sql: string, file: string | null = null, options: ClassifyOptions = {}): Promise<ClassifiedStatement[]> {
  await ensureParser();
  return classifyStatements(splitStatementsSync([{ file, sql }]), options);
}
