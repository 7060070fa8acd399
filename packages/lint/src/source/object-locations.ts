import type { FindingInput, ObjectLocation, SchemaSnapshot } from '../types.js';

/**
 * Looks up where the object of a finding was created, for findings whose rule gave no location.
 * Columns point at their own line when known, else at their table; comments at their COMMENT ON;
 * anything tied to a table falls back to the table's CREATE.
 */
export function locationResolver(snapshot: SchemaSnapshot): (finding: FindingInput) => ObjectLocation | null {
  // Built on first use, and not at all when nothing in the snapshot has a location (a live database).
  let resolve: ((finding: FindingInput) => ObjectLocation | null) | undefined;
  return (finding) => {
    resolve ??= hasLocations(snapshot) ? buildResolver(snapshot) : () => null;
    return resolve(finding);
  };
}

function hasLocations(snapshot: SchemaSnapshot): boolean {
  const located = (list: ReadonlyArray<{ location?: ObjectLocation | null }>): boolean => list.some((o) => o.location);
  return (
    located(snapshot.tables) ||
    snapshot.tables.some((t) => located(t.columns)) ||
    located(snapshot.indexes) ||
    located(snapshot.constraints) ||
    located(snapshot.views) ||
    located(snapshot.functions) ||
    located(snapshot.comments)
  );
}

function buildResolver(snapshot: SchemaSnapshot): (finding: FindingInput) => ObjectLocation | null {
  const tables = new Map(snapshot.tables.map((t) => [t.qualifiedName, t]));
  const indexes = new Map(snapshot.indexes.map((i) => [`${i.schema}.${i.name}`, i.location]));
  const constraints = new Map<string, ObjectLocation | null>();
  for (const c of snapshot.constraints) {
    constraints.set(`${c.table}.${c.name}`, c.location);
    if (!constraints.has(`${c.schema}.${c.name}`) || !c.inherited) constraints.set(`${c.schema}.${c.name}`, c.location);
  }
  const views = new Map(snapshot.views.map((v) => [v.qualifiedName, v.location]));
  const comments = new Map(snapshot.comments.filter((c) => c.location).map((c) => [c.object, c.location ?? null]));
  const functions = new Map<string, ObjectLocation | null>();
  for (const f of snapshot.functions) {
    functions.set(f.signature, f.location);
    if (!functions.has(`${f.schema}.${f.name}`)) functions.set(`${f.schema}.${f.name}`, f.location);
  }

  const tableOf = (name: string | undefined) => (name === undefined ? undefined : tables.get(name));
  const columnLocation = (tableName: string | undefined, column: string | undefined): ObjectLocation | null => {
    const table = tableOf(tableName);
    if (!table) return null;
    const col = column === undefined ? undefined : table.columns.find((c) => c.name === column);
    return col?.location ?? table.location;
  };
  /** The longest `schema.table` prefix of a dotted object name that is a known table. */
  const tablePrefix = (object: string): string | undefined => {
    for (let i = object.lastIndexOf('.'); i > 0; i = object.lastIndexOf('.', i - 1)) {
      if (tables.has(object.slice(0, i))) return object.slice(0, i);
    }
    return undefined;
  };

  return (finding) => {
    const { object } = finding;
    let hit: ObjectLocation | null | undefined;
    switch (finding.objectKind) {
      case 'table':
        hit = tableOf(object)?.location ?? tableOf(finding.table)?.location;
        break;
      case 'column': {
        const table = finding.table ?? tablePrefix(object);
        hit = columnLocation(table, finding.column ?? (table ? object.slice(table.length + 1) : undefined));
        break;
      }
      case 'index':
        hit = indexes.get(object);
        break;
      case 'constraint':
        hit = constraints.get(object) ?? (finding.table ? constraints.get(`${finding.table}.${object.slice(object.indexOf('.') + 1)}`) : undefined);
        break;
      case 'view':
        hit = views.get(object);
        break;
      case 'function':
        hit = functions.get(object) ?? functions.get(object.replace(/\(.*$/, ''));
        break;
      case 'comment': {
        const table = finding.table ?? (tables.has(object) ? object : tablePrefix(object));
        hit = comments.get(object) ?? views.get(object) ?? functions.get(object) ?? (table ? columnLocation(table, finding.column ?? (object === table ? undefined : object.slice(table.length + 1))) : undefined);
        break;
      }
      default:
        hit = undefined;
    }
    if (hit) return hit;
    return finding.column !== undefined ? columnLocation(finding.table, finding.column) : (tableOf(finding.table)?.location ?? null);
  };
}
