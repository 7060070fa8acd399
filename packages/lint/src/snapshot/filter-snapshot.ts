import type { SchemaSnapshot } from '../types.js';
import { schemaMatcher, type SchemaFilter } from './schema-filter.js';

const schemaOf = (qualified: string): string => qualified.slice(0, qualified.indexOf('.'));

/**
 * Narrows an already loaded snapshot to the schemas a filter keeps (lint applies the config's
 * `schemas` this way when given a snapshot instead of a database). Returns the same object when
 * there is no filter.
 */
export function filterSnapshotSchemas(snapshot: SchemaSnapshot, filter: SchemaFilter | undefined): SchemaSnapshot {
  if (!filter?.include?.length && !filter?.exclude?.length) return snapshot;
  const keep = schemaMatcher(filter);
  const inSchema = (name: string): boolean => keep(name);
  return {
    ...snapshot,
    schemas: snapshot.schemas.filter(keep),
    tables: snapshot.tables.filter((t) => inSchema(t.schema)),
    indexes: snapshot.indexes.filter((i) => inSchema(schemaOf(i.table))),
    constraints: snapshot.constraints.filter((c) => inSchema(schemaOf(c.table))),
    views: snapshot.views.filter((v) => inSchema(v.schema)),
    functions: snapshot.functions.filter((f) => inSchema(f.schema)),
    comments: snapshot.comments.filter((c) => inSchema(c.objectKind === 'schema' ? c.object : schemaOf(c.object))),
  };
}
