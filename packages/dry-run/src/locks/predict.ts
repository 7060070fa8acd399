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
import type { ClassifiedStatement, ParsedStatement, PredictedLock, StaticAnalysis } from '../types.js';
import { lockStrength } from './conflicts.js';
import { AnalysisContext } from './context.js';
import { alterTable } from './rules/alter-table.js';
import * as D from './rules/ddl.js';
import { lockNamedRelation, lockSequenceCalls, lockStatementRelations } from './rules/dml.js';
import { updateRunState } from './run-state.js';

const NO_SCOPE: ReadonlySet<string> = new Set();

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
        const existing = ctx.resolve(rangeVarName(view.view));
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
      D.setSchema(ctx, ctx.resolve(rangeVarName(b.relation)), b.objectType);
      return;
    }
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt': {
      const table = ctx.resolve(rangeVarName((body as CreatePolicyStmt).table));
      ctx.lock(table, 'AccessExclusiveLock', `${type === 'CreatePolicyStmt' ? 'CREATE' : 'ALTER'} POLICY on ${table?.key ?? ''}`);
      return;
    }
    case 'AlterSeqStmt': {
      const b = body as AlterSeqStmt;
      ctx.lock(ctx.resolve(rangeVarName(b.sequence)), 'ShareRowExclusiveLock', 'ALTER SEQUENCE');
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

// Reported once per file, on the first statement that needs it.
function lockTimeoutHazard(analysis: StaticAnalysis, statement: ClassifiedStatement, catalog: Catalog): StaticAnalysis {
  if (statement.classification.action !== 'execute' || catalog.run.lockTimeoutFiles.has(statement.file) || catalog.run.lockTimeoutWarned.has(statement.file)) return analysis;
  let worst: PredictedLock | undefined;
  for (const l of analysis.predictedLocks) {
    if (l.newRelation || l.conditional || lockStrength(l.mode) < TRAFFIC_BLOCKING) continue;
    if (!worst || lockStrength(l.mode) > lockStrength(worst.mode)) worst = l;
  }
  if (!worst) return analysis;
  catalog.run.lockTimeoutWarned.add(statement.file);
  return { ...analysis, hazards: [...analysis.hazards, H.missingLockTimeout(worst.relation, worst.mode)] };
}

function combineAltersHazard(analysis: StaticAnalysis, statement: ClassifiedStatement, catalog: Catalog, ctx: AnalysisContext): StaticAnalysis {
  if (statement.nodeType !== 'AlterTableStmt' || catalog.run.alters.size === 0) return analysis;
  const body = nodeBody<{ relation?: RangeVar; objtype?: string }>(statement.ast);
  if ((body?.objtype ?? 'OBJECT_TABLE') !== 'OBJECT_TABLE') return analysis;
  const table = ctx.resolve(rangeVarName(body?.relation));
  if (!table || !ctx.preexisting(table)) return analysis;
  // Reported once per table and file, on its second ALTER TABLE.
  const previous = catalog.run.alters.get(`${statement.file ?? ''}\u0000${table.key}`);
  if (!previous || previous.count !== 1) return analysis;
  const where = previous.first.map((p) => `${p.file ?? 'line'}${p.file ? ':' : ' '}${p.line}`);
  return { ...analysis, hazards: [...analysis.hazards, H.combineAlterTable(table.key, where, previous.count)] };
}

function ensureClassified(statement: ParsedStatement | ClassifiedStatement, catalog: Catalog): ClassifiedStatement {
  if ('classification' in statement) return statement;
  return { ...statement, classification: classifyStatement(statement, { catalog }) };
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
  const ctx = new AnalysisContext(classified, cat);
  const body = nodeBody<Record<string, unknown>>(classified.ast) ?? {};
  dispatch(ctx, classified.nodeType, body, classified.ast);
  let analysis = ctx.result();
  const marks = classified.ast as { [RECORDED]?: object };
  if (marks[RECORDED] !== cat.run.token) {
    analysis = lockTimeoutHazard(analysis, classified, cat);
    analysis = combineAltersHazard(analysis, classified, cat, ctx);
    updateRunState(cat, classified, ctx);
    recordStatement(cat, classified);
    marks[RECORDED] = cat.run.token;
  }
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

/**
 * Analyzes the statements of one run in order on a fork of the catalog (the caller's catalog
 * is left untouched), then adds the hazards that need the whole run: an AccessExclusiveLock on
 * an existing relation held (until the migration commits) while later statements of the same
 * file run.
 *
 * @example
 * ```ts
 * const analyses = analyzeStatements(await classify(sql, 'up.sql'), await loadCatalog(client));
 * ```
 */
export function analyzeStatements(statements: readonly (ClassifiedStatement | ParsedStatement)[], catalog?: Catalog): StaticAnalysis[] {
  const run = (catalog ?? Catalog.empty()).fork();
  const classified = statements.map((s) => ensureClassified(s, run));
  const analyses = classified.map((s) => analyzeStatement(s, run));
  // Per file (a migration's transaction), the relations already held AccessExclusive: the
  // hazard goes to the statement that first takes the lock.
  const heldByFile = new Map<string | null, Set<string>>();
  // Executed statements per file, in order, and each statement's position in its file's list.
  const executedByFile = new Map<string | null, ClassifiedStatement[]>();
  const position: number[] = new Array<number>(classified.length).fill(-1);
  classified.forEach((s, i) => {
    if (s.classification.action !== 'execute') return;
    let list = executedByFile.get(s.file);
    if (!list) {
      list = [];
      executedByFile.set(s.file, list);
    }
    position[i] = list.length;
    list.push(s);
  });
  const label = (s: ClassifiedStatement): string => `${s.classification.tag} at ${s.file ?? 'line'}${s.file ? ':' : ' '}${s.line}`;
  return analyses.map((analysis, i) => {
    const statement = classified[i] as ClassifiedStatement;
    const at = position[i] ?? -1;
    if (at < 0) return analysis;
    let already = heldByFile.get(statement.file);
    if (!already) {
      already = new Set<string>();
      heldByFile.set(statement.file, already);
    }
    let held: PredictedLock[] | undefined;
    for (const l of analysis.predictedLocks) {
      if (l.mode !== 'AccessExclusiveLock' || l.newRelation || l.conditional || already.has(l.relation)) continue;
      already.add(l.relation);
      (held ??= []).push(l);
    }
    const executed = executedByFile.get(statement.file) ?? [];
    const laterCount = executed.length - at - 1;
    if (laterCount <= 0 || !held) return analysis;
    const shown = executed.slice(at + 1, at + 6).map(label);
    const hazards = [...analysis.hazards];
    for (const l of held) {
      if (l.relationKind === 'i' || l.relationKind === 'I' || l.relationKind === 'S') continue;
      hazards.push(H.accessExclusiveHeld(l.relation, shown, laterCount));
    }
    return { ...analysis, hazards };
  });
}

