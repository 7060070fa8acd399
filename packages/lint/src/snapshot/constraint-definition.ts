/**
 * Quotes an identifier exactly as the server's `quote_identifier()` does in the text of
 * pg_get_constraintdef: bare only when made of lower-case ASCII letters, digits and underscores,
 * not starting with a digit, and not one of the server's own non-unreserved keywords (the list
 * comes from `pg_get_keywords()`, so it matches the server version).
 */
export function serverIdentifierQuoter(keywords: ReadonlySet<string>): (name: string) => string {
  return (name) => (SAFE_IDENTIFIER.test(name) && !keywords.has(name) ? name : `"${name.replaceAll('"', '""')}"`);
}

const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** What {@link constraintDefinition} needs about a primary key, unique or foreign key constraint. */
export type ConstraintDefinitionParts = {
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly validated: boolean;
  /** Constrained column names, in constraint order. */
  readonly columns: readonly string[];
} & (
  | {
      readonly kind: 'primary-key' | 'unique';
      /** INCLUDE columns of the backing index. */
      readonly include: readonly string[];
      readonly nullsNotDistinct: boolean;
    }
  | {
      readonly kind: 'foreign-key';
      /** Schema of the referenced table, or null when it is visible in the search path (printed bare). */
      readonly referencedSchema: string | null;
      readonly referencedName: string;
      readonly referencedColumns: readonly string[];
      /** pg_constraint.confmatchtype, confupdtype, confdeltype. */
      readonly match: string;
      readonly onUpdate: string;
      readonly onDelete: string;
    }
);

const MATCH: Record<string, string> = { f: ' MATCH FULL', p: ' MATCH PARTIAL', s: '' };
const ACTION: Record<string, string | null> = { a: null, r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/**
 * pg_get_constraintdef(oid, true) of a primary key, unique or foreign key constraint, rebuilt from
 * its catalog parts (calling the server function for each of tens of thousands of constraints
 * dominated the constraints query). The catalog query leaves the constraints this does not cover
 * to the server: checks, exclusions, `ON DELETE SET NULL (columns)`, temporal keys, NOT ENFORCED.
 */
export function constraintDefinition(parts: ConstraintDefinitionParts, quote: (name: string) => string): string {
  const list = (names: readonly string[]): string => names.map(quote).join(', ');
  let out: string;
  if (parts.kind === 'foreign-key') {
    const target = parts.referencedSchema === null ? quote(parts.referencedName) : `${quote(parts.referencedSchema)}.${quote(parts.referencedName)}`;
    out = `FOREIGN KEY (${list(parts.columns)}) REFERENCES ${target}(${list(parts.referencedColumns)})${MATCH[parts.match] ?? ''}`;
    const onUpdate = ACTION[parts.onUpdate] ?? null;
    if (onUpdate !== null) out += ` ON UPDATE ${onUpdate}`;
    const onDelete = ACTION[parts.onDelete] ?? null;
    if (onDelete !== null) out += ` ON DELETE ${onDelete}`;
  } else {
    out = parts.kind === 'primary-key' ? 'PRIMARY KEY ' : `UNIQUE ${parts.nullsNotDistinct ? 'NULLS NOT DISTINCT ' : ''}`;
    out += `(${list(parts.columns)})`;
    if (parts.include.length > 0) out += ` INCLUDE (${list(parts.include)})`;
  }
  if (parts.deferrable) out += ' DEFERRABLE';
  if (parts.deferred) out += ' INITIALLY DEFERRED';
  if (!parts.validated) out += ' NOT VALID';
  return out;
}
