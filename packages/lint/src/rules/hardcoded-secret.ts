import { offsetToLineColumn } from '@confiture/core';
import { z } from 'zod';
import type { FindingInput, LintRule, ObjectLocation } from '../types.js';
import { buildModel } from './lib/model.js';
import { isValidRegex, validateWith } from './lib/options.js';
import { quoteIdent, quoteQualified } from './lib/quote.js';
import { compileAllow, defaultLiteral, isCredentialName, looksLikeCredential, maskSecret, scanText, type SecretHit, type SecretScanOptions } from './lib/secrets.js';

/** Options of `hardcoded-secret`. */
export type HardcodedSecretOptions = {
  /** Minimum Shannon entropy (bits per character) of a value assigned to a credential-like name. */
  entropyThreshold: number;
  /** Values never reported: `/regex/flags`, or a literal substring (case-insensitive). */
  allow: string[];
};

const optionsSchema = z.strictObject({
  entropyThreshold: z.number().min(0).max(8).optional(),
  allow: z
    .array(z.string().refine((s) => !/^\/.+\/[a-z]*$/.test(s) || isValidRegex(s.replace(/^\/(.+)\/[a-z]*$/, '$1')), 'not a valid /regular expression/'))
    .optional(),
});

const WHY =
  'A credential in the schema is readable by every role that can read the catalog (pg_proc, pg_views, ' +
  'pg_description, column defaults), lands in every dump, backup and copy, and stays in version control ' +
  'history forever. Treat it as leaked: rotate it, then read it at run time instead.';

const ROTATE = 'Rotate the credential (it has been exposed), keep it in a secret manager or a setting read at run time (current_setting(\'app.<name>\')), and';

function describe(hits: readonly SecretHit[]): string {
  return hits.map((h) => `${h.label} (${h.masked})`).join(', ');
}

/**
 * `hardcoded-secret`: credentials in column defaults, function bodies, view definitions, index
 * expressions and predicates, CHECK and EXCLUDE constraints, comments and schema or migration
 * files: keys of well-known services (AWS, GCP, Azure, GitHub, Slack, Stripe, SendGrid, Twilio,
 * ...), private keys, JWTs, URLs with a password, and high-entropy values assigned to names like
 * `password` or `api_key`. Secrets are masked
 * in every message (`AKIA************MPLE`).
 *
 * @example
 * ```ts
 * import { lint } from '@confiture/lint';
 * await lint(client, { rules: { 'hardcoded-secret': { options: { allow: ['/^test_/'] } } } });
 * ```
 */
export const hardcodedSecret: LintRule<HardcodedSecretOptions> = {
  id: 'hardcoded-secret',
  description: 'No credentials in the schema: defaults, functions, views, indexes, checks, comments and files.',
  defaultSeverity: 'error',
  docs: {
    why: WHY,
    bad:
      "CREATE FUNCTION billing_endpoint() RETURNS text LANGUAGE sql AS $$\n  SELECT 'https://billing:Vq8rT2xLm4Zp@api.billing.test/v1'\n$$;\n" +
      "CREATE TABLE integrations (id bigint PRIMARY KEY, api_key text DEFAULT 'q7Rf2mX9kL4pT8vZ3nW6');",
    good:
      "CREATE FUNCTION billing_endpoint() RETURNS text LANGUAGE sql AS $$\n  SELECT 'https://billing:' || current_setting('app.billing_password') || '@api.billing.test/v1'\n$$;\n" +
      'CREATE TABLE integrations (id bigint PRIMARY KEY, api_key text);',
  },
  defaultOptions: { entropyThreshold: 2.5, allow: [] },
  validateOptions: (options) => validateWith(optionsSchema, options),
  check(snapshot, options, report) {
    const scan: SecretScanOptions = { entropyThreshold: options.entropyThreshold, allow: compileAllow(options.allow) };
    const model = buildModel(snapshot);
    const emit = (finding: Omit<FindingInput, 'why'>): void => report({ ...finding, why: WHY });

    for (const table of model.checkedTables) {
      for (const column of table.columns) {
        if (column.default === null) continue;
        const hits = scanText(column.default, scan);
        if (hits.length === 0 && isCredentialName(column.name)) {
          const literal = defaultLiteral(column.default);
          if (literal !== null && looksLikeCredential(literal, scan)) {
            hits.push({ kind: 'credential-default', label: `a literal default for "${column.name}"`, masked: maskSecret(literal), start: 0, end: 0 });
          }
        }
        if (hits.length === 0) continue;
        emit({
          object: `${table.qualifiedName}.${column.name}`,
          objectKind: 'column',
          table: table.qualifiedName,
          column: column.name,
          message: `The default of column ${table.qualifiedName}.${column.name} contains ${describe(hits)}.`,
          fix: `-- ${ROTATE} drop the literal:\nALTER TABLE ${quoteQualified(table.schema, table.name)} ALTER COLUMN ${quoteIdent(column.name)} DROP DEFAULT;`,
          location: column.location ?? table.location,
        });
      }
    }

    for (const fn of snapshot.functions) {
      const hits = scanText(fn.body, scan);
      if (hits.length === 0) continue;
      emit({
        object: fn.signature,
        objectKind: 'function',
        message: `The body of ${fn.kind} ${fn.signature} contains ${describe(hits)}.`,
        fix: `-- ${ROTATE} recreate ${fn.signature} reading the value at run time (CREATE OR REPLACE ${fn.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION'} ...).`,
        location: fn.location,
      });
    }

    for (const view of snapshot.views) {
      const hits = scanText(view.definition, scan);
      if (hits.length === 0) continue;
      const kind = view.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
      emit({
        object: view.qualifiedName,
        objectKind: 'view',
        message: `The definition of ${view.materialized ? 'materialized view' : 'view'} ${view.qualifiedName} contains ${describe(hits)}.`,
        fix: `-- ${ROTATE} redefine the view without the literal (CREATE OR REPLACE ${kind} ${quoteQualified(view.schema, view.name)} AS ...).`,
        location: view.location,
      });
    }

    // Index expressions and predicates, and CHECK / EXCLUDE constraints, hold literals too
    // (`WHERE token <> '...'`). Partition members repeat their parent's definition: judged there.
    for (const index of snapshot.indexes) {
      if (index.parentIndex !== null || index.constraint !== null) continue;
      if (index.predicate === null && index.keys.every((k) => k.expression === null)) continue;
      const hits = scanText(index.definition, scan);
      if (hits.length === 0) continue;
      emit({
        object: `${index.schema}.${index.name}`,
        objectKind: 'index',
        table: index.table,
        message: `The definition of index ${index.schema}.${index.name} on ${index.table} contains ${describe(hits)}.`,
        fix: `-- ${ROTATE} recreate the index without the literal (CREATE INDEX CONCURRENTLY ..., then DROP INDEX CONCURRENTLY ${quoteQualified(index.schema, index.name)};).`,
        location: index.location,
      });
    }
    for (const constraint of snapshot.constraints) {
      if (constraint.inherited || (constraint.type !== 'check' && constraint.type !== 'exclusion')) continue;
      const hits = scanText(constraint.definition, scan);
      if (hits.length === 0) continue;
      const table = model.table(constraint.table);
      emit({
        object: `${constraint.schema}.${constraint.name}`,
        objectKind: 'constraint',
        table: constraint.table,
        message: `The ${constraint.type === 'check' ? 'CHECK' : 'EXCLUDE'} constraint ${constraint.name} on ${constraint.table} contains ${describe(hits)}.`,
        fix: `-- ${ROTATE} recreate the constraint without the literal:\nALTER TABLE ${table ? quoteQualified(table.schema, table.name) : constraint.table} DROP CONSTRAINT ${quoteIdent(constraint.name)};`,
        location: constraint.location,
      });
    }

    for (const comment of collectComments(snapshot, model)) {
      const hits = scanText(comment.text, scan);
      if (hits.length === 0) continue;
      emit({
        object: comment.object,
        objectKind: 'comment',
        ...(comment.table ? { table: comment.table } : {}),
        ...(comment.column ? { column: comment.column } : {}),
        message: `The comment on ${comment.objectKind} ${comment.object} contains ${describe(hits)}.`,
        fix: comment.clear ? `-- ${ROTATE} clear the comment:\n${comment.clear}` : `-- ${ROTATE} remove it from the comment (COMMENT ON ... IS NULL).`,
        location: comment.location ?? null,
      });
    }

    for (const file of snapshot.files) {
      for (const hit of scanText(file.text, scan)) {
        const { line, column } = offsetToLineColumn(file.text, hit.start);
        const location: ObjectLocation = { file: file.path, line, column };
        emit({
          object: file.path,
          objectKind: 'file',
          message: `${file.path}:${line}:${column} contains ${hit.label} (${hit.masked}).`,
          fix: `-- ${ROTATE} remove it from the file; it stays in version control history, so rotation is not optional.`,
          location,
        });
      }
    }
  },
};

interface CommentTarget {
  readonly object: string;
  readonly objectKind: string;
  readonly text: string;
  readonly table?: string;
  readonly column?: string;
  readonly clear?: string;
  readonly location?: ObjectLocation | null;
}

// Comments come from snapshot.comments and from the comment fields of tables, columns, views
// and functions; a loader may fill either or both, so they are merged by object.
function collectComments(snapshot: Parameters<LintRule['check']>[0], model: ReturnType<typeof buildModel>): CommentTarget[] {
  const out = new Map<string, CommentTarget>();
  const put = (target: CommentTarget): void => {
    const key = `${target.objectKind}\u0000${target.object}\u0000${target.text}`;
    if (!out.has(key)) out.set(key, target);
  };
  // The COMMENT ON statement is where the text is written (and where a suppression goes); the
  // object's own CREATE only when the comment was not located.
  const written = new Map<string, ObjectLocation>();
  for (const c of snapshot.comments) if (c.location) written.set(`${c.objectKind}\u0000${c.object}`, c.location);
  const at = (kind: string, object: string, fallback: ObjectLocation | null | undefined): ObjectLocation | null =>
    written.get(`${kind}\u0000${object}`) ?? fallback ?? null;
  for (const table of model.checkedTables) {
    const qualified = quoteQualified(table.schema, table.name);
    if (table.comment) put({ object: table.qualifiedName, objectKind: 'table', text: table.comment, table: table.qualifiedName, clear: `COMMENT ON TABLE ${qualified} IS NULL;`, location: at('table', table.qualifiedName, table.location) });
    for (const column of table.columns) {
      if (!column.comment) continue;
      put({
        object: `${table.qualifiedName}.${column.name}`,
        objectKind: 'column',
        text: column.comment,
        table: table.qualifiedName,
        column: column.name,
        clear: `COMMENT ON COLUMN ${qualified}.${quoteIdent(column.name)} IS NULL;`,
        location: at('column', `${table.qualifiedName}.${column.name}`, column.location ?? table.location),
      });
    }
  }
  for (const view of snapshot.views) {
    const kind = view.materialized ? 'materialized-view' : 'view';
    if (view.comment) put({ object: view.qualifiedName, objectKind: kind, text: view.comment, clear: `COMMENT ON ${view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${quoteQualified(view.schema, view.name)} IS NULL;`, location: at(kind, view.qualifiedName, view.location) });
  }
  for (const fn of snapshot.functions) {
    if (fn.comment) put({ object: fn.signature, objectKind: 'function', text: fn.comment, location: at('function', fn.signature, fn.location) });
  }
  for (const comment of snapshot.comments) put({ object: comment.object, objectKind: comment.objectKind, text: comment.text, location: comment.location ?? null });
  // Keep one entry per (kind, object): a field comment wins over the generic entry with the same text.
  return [...out.values()];
}
