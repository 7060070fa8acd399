import type { RangeVar } from 'libpg-query';
import type { Catalog, ResolvedRelation } from '../catalog/catalog.js';
import type { CatalogEntry } from '../catalog/types.js';
import type { QualifiedName } from '../parse/ast.js';
import type { ClassifiedStatement, Hazard, LockMode, PredictedLock, StaticAnalysis } from '../types.js';
import { lockStrength } from './conflicts.js';

// The predicted lock itself, mutable while the rules run (one object per relation).
interface LockEntry {
  relation: string;
  mode: LockMode;
  reason: string;
  conditional: boolean;
  newRelation: boolean;
  relationKind: string | undefined;
}

/** Options of one lock prediction. */
export interface LockOptions {
  /** Taken only depending on data or plan (see {@link PredictedLock.conditional}). */
  readonly conditional?: boolean;
}

/**
 * What the rules of one statement accumulate: locks (strongest mode per relation), rewrites,
 * scans and hazards, with name resolution through the catalog (overlay included).
 */
export class AnalysisContext {
  // Plain arrays: a statement touches a handful of relations, and most have no rewrite, scan
  // or hazard (allocation matters when a run has 100,000 statements). The fields are declared
  // only and assigned in the constructor: class field definitions run a separate initializer
  // per instance, which costs more than the rest of a small statement's analysis.
  declare statement: ClassifiedStatement;
  declare catalog: Catalog;
  private declare locks: LockEntry[] | undefined;
  private declare rewriteList: string[] | undefined;
  private declare scanList: string[] | undefined;
  private declare hazardList: Hazard[] | undefined;

  constructor(statement: ClassifiedStatement, catalog: Catalog) {
    this.reset(statement, catalog);
  }

  /**
   * The context for the next statement: this one, emptied (a run analyzes its statements one
   * after the other, and its rules keep no reference to the context once done).
   */
  reset(statement: ClassifiedStatement, catalog: Catalog): this {
    this.statement = statement;
    this.catalog = catalog;
    this.locks = undefined;
    this.rewriteList = undefined;
    this.scanList = undefined;
    this.hazardList = undefined;
    return this;
  }

  get serverVersion(): number {
    return this.catalog.serverVersion;
  }

  resolve(name: QualifiedName | undefined): ResolvedRelation | undefined {
    return name ? this.catalog.resolveName(name.schema, name.name) : undefined;
  }

  /** The relation a `RangeVar` names (no intermediate name object: this runs for every relation). */
  resolveRangeVar(rv: RangeVar | undefined): ResolvedRelation | undefined {
    const name = rv?.relname;
    return name ? this.catalog.resolveName(rv.schemaname ?? null, name) : undefined;
  }

  /**
   * Whether a lock on this relation can be predicted: the catalog knows it, or there is no
   * database catalog (the relation is assumed to exist).
   */
  known(relation: ResolvedRelation | undefined): relation is ResolvedRelation {
    return relation !== undefined && (relation.entry !== undefined || !this.catalog.live);
  }

  /**
   * True when the relation existed before the run: it may be in use by the application, so its
   * locks and rewrites matter and hazards apply. Without a database catalog every relation not
   * created by the run is assumed to exist.
   */
  preexisting(relation: ResolvedRelation | undefined): boolean {
    if (!relation) return false;
    if (relation.entry) return !relation.entry.createdInRun;
    return !this.catalog.live;
  }

  /** Kind of a relation (pg_class.relkind), when known. */
  kindOf(key: string): string | undefined {
    return this.catalog.relation(key)?.kind;
  }

  lock(relation: ResolvedRelation | undefined, mode: LockMode, reason: string, options: LockOptions = NO_OPTIONS): void {
    if (!this.known(relation)) return;
    // The resolution carries the entry: no second lookup by name.
    this.lockEntry(relation.key, relation.entry, mode, reason, options);
  }

  /** Locks a relation named by the catalog (`schema.name`), e.g. a referenced table. */
  lockKey(key: string, mode: LockMode, reason: string, options: LockOptions = NO_OPTIONS): void {
    this.lockEntry(key, this.catalog.relation(key), mode, reason, options);
  }

  private lockEntry(key: string, entry: CatalogEntry | undefined, mode: LockMode, reason: string, options: LockOptions): void {
    if (!entry && this.catalog.live) return;
    const conditional = options.conditional === true;
    let current: LockEntry | undefined;
    const locks = this.locks;
    if (locks) {
      for (let i = 0; i < locks.length; i++) {
        if ((locks[i] as LockEntry).relation === key) {
          current = locks[i];
          break;
        }
      }
    }
    if (!current) {
      const added: LockEntry = { relation: key, mode, reason, conditional, newRelation: entry?.createdInRun === true, relationKind: entry?.kind };
      // A literal allocates exactly one slot; push on an empty array allocates seventeen.
      if (this.locks) this.locks.push(added);
      else this.locks = [added];
      return;
    }
    if (lockStrength(mode) > lockStrength(current.mode)) {
      current.mode = mode;
      current.reason = reason;
      current.conditional = conditional;
    } else if (mode === current.mode && !conditional) {
      current.conditional = false;
    }
  }

  rewrite(key: string): void {
    if (!this.rewriteList) this.rewriteList = [key];
    else if (!this.rewriteList.includes(key)) this.rewriteList.push(key);
  }

  scan(key: string): void {
    if (!this.scanList) this.scanList = [key];
    else if (!this.scanList.includes(key)) this.scanList.push(key);
  }

  /** Adds a hazard unless its relation was created earlier in the run (nobody else uses it). */
  hazard(relation: ResolvedRelation | string | undefined, hazard: Hazard): void {
    const resolved = typeof relation === 'string' ? this.catalog.resolve(splitKey(relation)) : relation;
    if (resolved !== undefined && !this.preexisting(resolved)) return;
    this.addHazard(hazard);
  }

  /** Adds a hazard that does not depend on a relation's age. */
  addHazard(hazard: Hazard): void {
    if (this.hazardList) this.hazardList.push(hazard);
    else this.hazardList = [hazard];
  }

  result(): StaticAnalysis {
    if (!this.locks && !this.rewriteList && !this.scanList && !this.hazardList) return NOTHING;
    const rewrites = this.rewriteList ?? NONE;
    return {
      predictedLocks: (this.locks ?? NO_LOCKS) as PredictedLock[],
      predictedRewrites: rewrites,
      predictedScans: this.scanList ? (this.rewriteList ? withoutRewritten(this.scanList, this.rewriteList) : this.scanList) : NONE,
      hazards: this.hazardList ?? NO_HAZARDS,
    };
  }
}

const NONE: readonly string[] = Object.freeze([]);
const NO_OPTIONS: LockOptions = Object.freeze({});
const NO_LOCKS: readonly PredictedLock[] = Object.freeze([]);
const NO_HAZARDS: readonly Hazard[] = Object.freeze([]);
// Most statements of a long run predict nothing worth an object of their own.
const NOTHING: StaticAnalysis = Object.freeze({ predictedLocks: NO_LOCKS, predictedRewrites: NONE, predictedScans: NONE, hazards: NO_HAZARDS });

// A relation rewritten is read in full anyway: its scan is not reported separately.
function withoutRewritten(scans: readonly string[], rewrites: readonly string[]): readonly string[] {
  const out: string[] = [];
  for (const s of scans) if (!rewrites.includes(s)) out.push(s);
  return out.length === 0 ? NONE : out;
}

/** `schema.name` into a qualified name. */
export function splitKey(key: string): QualifiedName {
  const dot = key.indexOf('.');
  return dot < 0 ? { schema: null, name: key } : { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}
