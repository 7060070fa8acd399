import picomatch from 'picomatch';

/** Which schemas to load: globs over schema names. System schemas are never loaded. */
export interface SchemaFilter {
  /** Globs of schemas to load; all non-system schemas when empty or absent. */
  readonly include?: readonly string[];
  /** Globs of schemas to skip, applied after `include`. */
  readonly exclude?: readonly string[];
}

/** Schemas PostgreSQL reserves for itself; filtered in SQL too, repeated here for hand-built lists. */
export function isSystemSchema(name: string): boolean {
  return name === 'information_schema' || name.startsWith('pg_');
}

/** A predicate over schema names for the given include/exclude globs. */
export function schemaMatcher(filter: SchemaFilter | undefined): (schema: string) => boolean {
  const include = filter?.include?.length ? picomatch([...filter.include]) : () => true;
  const exclude = filter?.exclude?.length ? picomatch([...filter.exclude]) : () => false;
  return (schema) => !isSystemSchema(schema) && include(schema) && !exclude(schema);
}
