/**
 * Name globs for rule options (`*_log`, `audit_*`, `app.*`): `*` is any run of characters,
 * `?` one character, matched case-insensitively against the whole name.
 */
export function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

/** A predicate over names: true when any glob matches the bare or the `schema.`-qualified name. */
export function nameMatcher(globs: readonly string[]): (schema: string, name: string) => boolean {
  const patterns = globs.map((g) => ({ qualified: g.includes('.'), re: globToRegExp(g) }));
  return (schema, name) => patterns.some((p) => p.re.test(p.qualified ? `${schema}.${name}` : name));
}
