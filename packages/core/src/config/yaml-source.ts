import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { formatKeyPath, where, type ConfigIssue, type ConfigLocation, type PathSegment } from './issues.js';

/** Whether a location should point at a key (`schema_dirs:`) or at its value. */
export type LocateTarget = 'key' | 'value';

/** Anything that maps a key path to a place in a file. */
export interface Locator {
  /** True when the key path exists in the file. */
  has(path: readonly PathSegment[]): boolean;
  /**
   * Position of the key (or its value) at `path`. A path that does not exist falls back to
   * the closest ancestor that does, so an error about a missing key points at its parent.
   * With `needle`, points at the first occurrence of that text inside the value when the
   * value is written on one line (for `${VAR}` inside a URL, say).
   */
  locate(path: readonly PathSegment[], options?: { target?: LocateTarget; needle?: string }): ConfigLocation;
}

/** A parsed YAML file that remembers where every key and value came from. */
export interface YamlSource extends Locator {
  /** The file name used in messages (relative to the project root when inside it). */
  readonly file: string;
  readonly text: string;
  readonly document: Document.Parsed;
  /** The plain value (mappings become objects). An empty file is `{}`. */
  readonly value: unknown;
  /** Syntax errors; when there are any, `value` is whatever the parser could recover. */
  readonly issues: readonly ConfigIssue[];
  /** 1-based position of a 0-based character offset. */
  positionAt(offset: number): ConfigLocation;
}

interface Step {
  readonly key: Node | undefined;
  readonly value: Node | undefined;
}

function matchesKey(key: unknown, segment: PathSegment): boolean {
  if (isScalar(key)) return String(key.value) === String(segment);
  return key === segment;
}

function stepInto(document: Document.Parsed, node: Node | undefined, segment: PathSegment): Step | undefined {
  const resolved = isAlias(node) ? (node.resolve(document) as Node | undefined) : node;
  if (isMap(resolved)) {
    const pair = resolved.items.find((item) => matchesKey(item.key, segment));
    if (pair === undefined) return undefined;
    return {
      key: isNode(pair.key) ? pair.key : undefined,
      value: isNode(pair.value) ? pair.value : undefined,
    };
  }
  if (isSeq(resolved) && typeof segment === 'number') {
    const item = resolved.items[segment];
    return isNode(item) ? { key: undefined, value: item } : undefined;
  }
  return undefined;
}

/**
 * Parses YAML text and keeps the position of every node, so validation errors can name
 * `file:line:column`. Never throws: syntax errors come back in `issues` with their position.
 *
 * @example
 * ```ts
 * const source = parseYamlWithPositions(text, 'confiture.lint.yml');
 * if (source.issues.length > 0) throw configIssuesError(source.issues);
 * source.locate(['rules', 'missing-fk-index']); // { file: 'confiture.lint.yml', line: 4, column: 3 }
 * ```
 */
export function parseYamlWithPositions(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // prettyErrors off: we add our own file:line:column instead of the parser's "at line x" suffix.
  const document = parseDocument(text, { keepSourceTokens: true, prettyErrors: false, lineCounter });

  const positionAt = (offset: number): ConfigLocation => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line, column: col };
  };

  const issues: ConfigIssue[] = document.errors.map((error) => {
    const location = positionAt(error.pos[0]);
    const reason = error.message.replace(/\s+$/, '');
    return {
      code: 'yaml-syntax',
      message: `YAML syntax error in ${where(location)}: ${reason}${/[.!?\]]$/.test(reason) ? '' : '.'}`,
      path: '',
      segments: [],
      location,
    };
  });

  let value: unknown = {};
  try {
    const converted: unknown = document.toJS({ maxAliasCount: 100 });
    value = converted ?? {};
  } catch (error) {
    const location = positionAt(0);
    issues.push({
      code: 'yaml-syntax',
      message: `YAML error in ${where(location)}: ${error instanceof Error ? error.message : String(error)}.`,
      path: '',
      segments: [],
      location,
    });
  }

  const walk = (path: readonly PathSegment[]): { steps: Step[]; complete: boolean } => {
    const steps: Step[] = [];
    let node = (document.contents ?? undefined) as Node | undefined;
    for (const segment of path) {
      const next = stepInto(document, node, segment);
      if (next === undefined) return { steps, complete: false };
      steps.push(next);
      node = next.value;
    }
    return { steps, complete: true };
  };

  const startOf = (node: Node | undefined): number | undefined => node?.range?.[0];

  const locate: Locator['locate'] = (path, options = {}) => {
    const { steps, complete } = walk(path);
    const last = steps.at(-1);
    if (last === undefined) {
      const root = startOf((document.contents ?? undefined) as Node | undefined);
      return positionAt(path.length === 0 && root !== undefined ? root : 0);
    }
    if (!complete) return positionAt(startOf(last.key) ?? startOf(last.value) ?? 0);
    if (options.target === 'key' && last.key !== undefined) return positionAt(startOf(last.key) ?? 0);
    const valueStart = startOf(last.value);
    if (valueStart === undefined) return positionAt(startOf(last.key) ?? 0);
    if (options.needle !== undefined && last.value?.range) {
      const raw = text.slice(valueStart, last.value.range[1]);
      const index = raw.indexOf(options.needle);
      // Only trust the offset when the value sits on one line: folded or escaped scalars do
      // not map characters one to one.
      if (index >= 0 && !raw.slice(0, index).includes('\n')) return positionAt(valueStart + index);
    }
    return positionAt(valueStart);
  };

  return {
    file,
    text,
    document,
    value,
    issues,
    positionAt,
    has: (path) => walk(path).complete,
    locate,
  };
}

/** The value at a key path inside a plain value, or undefined. */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** Key path for messages, `the top level` when empty. */
export function describePath(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'the top level' : `\`${formatKeyPath(path)}\``;
}
