import type {
  AlterObjectSchemaStmt,
  AlterSeqStmt,
  CopyStmt,
  CreatePolicyStmt,
  CreateSeqStmt,
  CreateStmt,
  CreateTableAsStmt,
  ExplainStmt,
  RangeVar,
  SelectStmt,
  ViewStmt,
} from 'libpg-query';
import { Catalog } from '../catalog/catalog.js';
import { recordStatement } from '../catalog/record.js';
import { classifyStatement } from '../classify/classify.js';
import * as H from '../hazards/hazards.js';
import { nodeBody, nodeType, rangeVarName } from '../parse/ast.js';
import { withClassification } from '../parse/statement.js';
import type { ClassifiedStatement, Hazard, LockMode, ParsedStatement, PredictedLock, StaticAnalysis } from '../types.js';
import { LOCK_MODES, lockConflicts, lockStrength } from './conflicts.js';
import { AnalysisContext } from './context.js';
import { alterTable } from './rules/alter-table.js';
import * as D from './rules/ddl.js';
import { lockNamedRelation, lockSequenceCalls, lockStatementRelations } from './rules/dml.js';
import { updateRunState } from './run-state.js';
import { transactionIds } from './transactions.js';

const NO_SCOPE: ReadonlySet<string> = new Set();
let spareContext: AnalysisContext | undefined;

// Marks a parse tree as recorded in a run's overlay (see RunState.token); a symbol keeps it
// out of JSON, for...in and Object.keys.
const RECORDED = Symbol('confiture.recorded');

function dispatch(ctx: AnalysisContext, type: string, body: Record<string, unknown>, ast: Record<string, unknown>): void {
  switch (type) {
    case 'SelectStmt': {
      lockStatementRelations(ctx, ast);
      const select = body as SelectStmt;
      lockSequenceCalls(ctx, ast, !select.fromClause && !select.intoClause);
      return;
    }
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      lockStatementRelations(ctx, ast);
      lockSequenceCalls(ctx, ast, false);
      return;
    case 'CopyStmt': {
      const copy = body as CopyStmt;
      if (copy.relation) {
        const rv: RangeVar = copy.is_from ? copy.relation : { ...copy.relation, inh: false };
        lockNamedRelation(ctx, rv, copy.is_from ? 'RowExclusiveLock' : 'AccessShareLock', NO_SCOPE, {
          routed: true,
          reason: copy.is_from ? `COPY FROM writes ${rangeVarName(rv)?.name ?? ''}` : `COPY TO reads ${rangeVarName(rv)?.name ?? ''}`,
        });
      }
      if (copy.query) lockStatementRelations(ctx, copy.query);
      return;
    }
    case 'ExplainStmt':
    case 'DeclareCursorStmt':
    case 'PrepareStmt': {
      const inner = (body as ExplainStmt).query;
      const innerType = nodeType(inner);
      if (inner && innerType) dispatch(ctx, innerType, nodeBody(inner) ?? {}, inner as Record<string, unknown>);
      return;
    }
    case 'CreateTableAsStmt': {
      const ctas = body as CreateTableAsStmt;
      if (ctas.query) lockStatementRelations(ctx, ctas.query);
      if (!ctas.into?.skipData) lockSequenceCalls(ctx, ast, false);
      return;
    }
    case 'ViewStmt': {
      const view = body as ViewStmt;
      if (view.replace) {
        const existing = ctx.resolveRangeVar(view.view);
        if (existing?.entry || (existing && !ctx.catalog.live)) ctx.lock(existing, 'AccessExclusiveLock', `CREATE OR REPLACE VIEW replaces ${existing.key}`);
      }
      if (view.query) lockStatementRelations(ctx, view.query);
      return;
    }
    case 'IndexStmt':
      D.createIndex(ctx, body);
      return;
    case 'AlterTableStmt':
      alterTable(ctx, body);
      lockSequenceCalls(ctx, ast, false);
      return;
    case 'DropStmt':
      D.drop(ctx, body);
      return;
    case 'TruncateStmt':
      D.truncate(ctx, body);
      return;
    case 'ReindexStmt':
      D.reindex(ctx, body);
      return;
    case 'ClusterStmt':
      D.cluster(ctx, body);
      return;
    case 'VacuumStmt':
      D.vacuum(ctx, body);
      return;
    case 'LockStmt':
      D.lockTable(ctx, body);
      return;
    case 'CommentStmt':
      D.comment(ctx, body);
      return;
    case 'GrantStmt':
      D.grant(ctx, body);
      return;
    case 'CreateTrigStmt':
      D.createTrigger(ctx, body);
      return;
    case 'RuleStmt':
      D.createRule(ctx, body);
      return;
    case 'CreateStatsStmt':
      D.createStatistics(ctx, body);
      return;
    case 'CreateStmt':
      D.createTable(ctx, body as CreateStmt);
      return;
    case 'CreateForeignTableStmt': {
      const base = (body as { base?: CreateStmt }).base;
      if (base) D.createTable(ctx, base);
      return;
    }
    case 'RefreshMatViewStmt':
      D.refreshMaterializedView(ctx, body);
      return;
    case 'RenameStmt':
      D.rename(ctx, body);
      return;
    case 'AlterObjectSchemaStmt': {
      const b = body as AlterObjectSchemaStmt;
      D.setSchema(ctx, ctx.resolveRangeVar(b.relation), b.objectType);
      return;
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const table = ctx.resolveRangeVar((body as CreatePolicyStmt).table);
      ctx.lock(table, 'AccessExclusiveLock', `${type === 'CreatePolicyStmt' ? 'CREATE' : 'ALTER'} POLICY on ${table?.key ?? ''}`);
      return;
    }
    case 'AlterSeqStmt': {
      const b = body as AlterSeqStmt;
      ctx.lock(ctx.resolveRangeVar(b.sequence), 'ShareRowExclusiveLock', 'ALTER SEQUENCE');
      D.sequenceOwnedBy(ctx, b.options, 'ALTER SEQUENCE');
      return;
    }
    case 'CreateSeqStmt':
      D.sequenceOwnedBy(ctx, (body as CreateSeqStmt).options, 'CREATE SEQUENCE');
      return;
    case 'CreatePublicationStmt':
      D.publicationTables(ctx, (body as { pubobjects?: unknown[] }).pubobjects, 'CREATE PUBLICATION');
      return;
    case 'AlterPublicationStmt': {
      const b = body as { pubobjects?: unknown[]; action?: string };
      if (b.action !== 'AP_DropObjects') D.publicationTables(ctx, b.pubobjects, 'ALTER PUBLICATION');
      return;
    }
    case 'CreateSchemaStmt':
      for (const element of (body as { schemaElts?: unknown[] }).schemaElts ?? []) {
        const t = nodeType(element);
        if (t) dispatch(ctx, t, nodeBody(element) ?? {}, element as Record<string, unknown>);
      }
      return;
    default:
      return;
  }
}

// A statement that takes one of these on a table used by the application makes its queries
// queue behind it if it has to wait: a lock_timeout bounds that wait.
const TRAFFIC_BLOCKING = lockStrength('ShareLock');

// A transaction holding `held` on a relation gets `requested` without waiting when every mode
// that conflicts with `requested` conflicts with `held` too: no other session can hold one.
const COVERS: ReadonlyMap<LockMode, ReadonlySet<LockMode>> = new Map(
  LOCK_MODES.map((held) => [held, new Set(LOCK_MODES.filter((requested) => LOCK_MODES.every((m) => !lockConflicts(requested, m) || lockConflicts(held, m))))]),
);

function covers(held: ReadonlySet<LockMode>, requested: LockMode): boolean {
  for (const h of held) if (COVERS.get(h)?.has(requested)) return true;
  return false;
}

// Reported on every statement that may wait for a blocking lock with no lock_timeout set
// earlier in its file: each of them can make the application's queries queue. A lock the
// file's transaction already holds (taken by an earlier statement) is not waited for again.
function lockTimeoutHazard(analysis: StaticAnalysis, statement: ClassifiedStatement, catalog: Catalog): Hazard | undefined {
  if (analysis.predictedLocks.length === 0 || statement.classification.action !== 'execute') return undefined;
  // With a lock_timeout set, nothing to report, and the locks held need no tracking (a later
  // `SET lock_timeout = 0` then makes the next statements report conservatively).
  if (catalog.run.lockTimeoutFiles.has(statement.file)) return undefined;
  let held: Map<string, Set<LockMode>> | undefined;
  if (!statement.noTransaction) {
    held = catalog.run.locksHeld.get(statement.file);
    if (!held) catalog.run.locksHeld.set(statement.file, (held = new Map()));
  }
  let worst: PredictedLock | undefined;
  for (const l of analysis.predictedLocks) {
    if (l.newRelation || l.conditional) continue;
    const modes = held?.get(l.relation);
    if (lockStrength(l.mode) >= TRAFFIC_BLOCKING && !(modes && covers(modes, l.mode))) {
      if (!worst || lockStrength(l.mode) > lockStrength(worst.mode)) worst = l;
    }
    if (held) {
      if (modes) modes.add(l.mode);
      else held.set(l.relation, new Set([l.mode]));
    }
  }
  return worst ? H.missingLockTimeout(worst.relation, worst.mode) : undefined;
}

function withHazard(analysis: StaticAnalysis, hazard: Hazard | undefined): StaticAnalysis {
  return hazard ? { ...analysis, hazards: [...analysis.hazards, hazard] } : analysis;
}

function ensureClassified(statement: ParsedStatement | ClassifiedStatement, catalog: Catalog): ClassifiedStatement {
  if ('classification' in statement) return statement;
  return withClassification(statement, classifyStatement(statement, { catalog }));
}

/**
 * Everything the parse tree (and the catalog, when given) says about a statement before it
 * runs: the table-level locks PostgreSQL takes on relations that exist (strongest mode per
 * relation, spelled as `pg_locks` shows them), the relations it rewrites, those it scans in full
 * while holding its lock, and the hazards with their safe alternative. Needs the parser loaded.
 *
 * Relations resolve through the catalog's search path; without a catalog an unqualified name is
 * taken in `public`. When a catalog is given, the statement is then recorded in its run
 * overlay (objects created, dropped, renamed; `SET lock_timeout`; ALTERs per table), so analyze
 * the statements of a run in order with the same catalog (or use {@link analyzeStatements},
 * which also reports the AccessExclusiveLocks held while later statements run).
 *
 * @example
 * ```ts
 * const catalog = await loadCatalog(client);
 * const [statement] = await classify('ALTER TABLE users ALTER COLUMN email SET NOT NULL', 'up.sql');
 * const analysis = analyzeStatement(statement, catalog);
 * analysis.predictedLocks; // [{ relation: 'public.users', mode: 'AccessExclusiveLock', reason: '...' }]
 * analysis.hazards[0].id;  // 'set-not-null-scan'
 * ```
 */
export function analyzeStatement(statement: ClassifiedStatement | ParsedStatement, catalog?: Catalog): StaticAnalysis {
  const cat = catalog ?? Catalog.empty();
  const classified = ensureClassified(statement, cat);
  // One context reused from statement to statement; a nested analysis (none today) would get its own.
  const ctx = spareContext ? spareContext.reset(classified, cat) : new AnalysisContext(classified, cat);
  spareContext = undefined;
  const ast = classified.ast;
  const body = (ast[classified.nodeType] as Record<string, unknown> | undefined) ?? nodeBody<Record<string, unknown>>(ast) ?? {};
  dispatch(ctx, classified.nodeType, body, ast);
  let analysis = ctx.result();
  const marks = ast as { [RECORDED]?: object };
  if (marks[RECORDED] !== cat.run.token) {
    analysis = withHazard(analysis, lockTimeoutHazard(analysis, classified, cat));
    analysis = withHazard(analysis, updateRunState(cat, classified, body, ctx));
    recordStatement(cat, classified, body);
    marks[RECORDED] = cat.run.token;
  }
  spareContext = ctx;
  return analysis;
}

/**
 * The locks {@link analyzeStatement} predicts, alone.
 *
 * @example
 * ```ts
 * const [statement] = await classify('CREATE INDEX ON orders (user_id)');
 * predictLocks(statement); // [{ relation: 'public.orders', mode: 'ShareLock', reason: 'CREATE INDEX reads ...' }]
 * ```
 */
export function predictLocks(statement: ClassifiedStatement | ParsedStatement, catalog?: Catalog): PredictedLock[] {
  return [...analyzeStatement(statement, catalog?.fork()).predictedLocks];
}

function label(s: ClassifiedStatement): string {
  return `${s.classification.tag} at ${s.file ?? 'line'}${s.file ? ':' : ' '}${s.line}`;
}

/**
 * Analyzes the statements of one run in order on a fork of the catalog (the caller's catalog
 * is left untouched), then adds the hazards that need the whole run: an AccessExclusiveLock on
 * an existing relation held (until the migration's transaction commits) while later statements
 * of the same transaction run. A source marked `-- confiture:no-transaction` runs each statement
 * on its own: its locks are released after it, so it gets no such hazard.
 *
 * @example
 * ```ts
 * const analyses = analyzeStatements(await classify(sql, 'up.sql'), await loadCatalog(client));
 * ```
 */
export function analyzeStatements(statements: readonly (ClassifiedStatement | ParsedStatement)[], catalog?: Catalog): StaticAnalysis[] {
  const run = (catalog ?? Catalog.empty()).fork();
  const n = statements.length;
  const classified: ClassifiedStatement[] = [];
  for (let i = 0; i < n; i++) classified.push(ensureClassified(statements[i] as ClassifiedStatement | ParsedStatement, run));
  const analyses: StaticAnalysis[] = [];
  for (let i = 0; i < n; i++) analyses.push(analyzeStatement(classified[i] as ClassifiedStatement, run));

  // Executed statements per transaction, and each statement's rank among them: a lock taken by
  // a statement is held while the later ones of its transaction run.
  const transactions = transactionIds(classified);
  const executedIn: number[] = [];
  const rank: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = transactions[i] as number;
    if ((classified[i] as ClassifiedStatement).classification.action !== 'execute') {
      rank.push(-1);
      continue;
    }
    rank.push(executedIn[t] ?? 0);
    executedIn[t] = (executedIn[t] ?? 0) + 1;
  }
  // The relations already held AccessExclusive in the current transaction: the hazard goes to
  // the statement that first takes the lock.
  let held = new Set<string>();
  let heldIn = -1;
  for (let i = 0; i < n; i++) {
    const at = rank[i] as number;
    if (at < 0) continue;
    const analysis = analyses[i] as StaticAnalysis;
    const t = transactions[i] as number;
    const later = (executedIn[t] as number) - at - 1;
    if (later <= 0) continue;
    let taken: PredictedLock[] | undefined;
    // Indexed: this loop runs once per run, often before the function is optimized, and a
    // for...of then allocates an iterator result per lock.
    const locks = analysis.predictedLocks;
    for (let k = 0; k < locks.length; k++) {
      const l = locks[k] as PredictedLock;
      if (l.mode !== 'AccessExclusiveLock' || l.newRelation || l.conditional) continue;
      if (heldIn !== t) {
        held = new Set();
        heldIn = t;
      }
      if (held.has(l.relation)) continue;
      held.add(l.relation);
      if (l.relationKind === 'i' || l.relationKind === 'I' || l.relationKind === 'S') continue;
      (taken ??= []).push(l);
    }
    if (!taken) continue;
    const shown: string[] = [];
    for (let j = i + 1; j < n && shown.length < 5 && transactions[j] === t; j++) {
      if ((rank[j] as number) >= 0) shown.push(label(classified[j] as ClassifiedStatement));
    }
    const hazards = [...analysis.hazards];
    for (const l of taken) hazards.push(H.accessExclusiveHeld(l.relation, shown, later));
    analyses[i] = { ...analysis, hazards };
  }
  return analyses;
}
