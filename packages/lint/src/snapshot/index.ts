export { loadSnapshot, SNAPSHOT_QUERY_COUNT } from './load-snapshot.js';
export type { LoadSnapshotOptions } from './load-snapshot.js';
export { quoteIdent, quoteQualified } from './identifiers.js';
export { isSystemSchema, schemaMatcher } from './schema-filter.js';
export type { SchemaFilter } from './schema-filter.js';
