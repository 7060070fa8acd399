/**
 * Parses a PostgreSQL URL the way node-postgres does: with the WHATWG parser, retrying with a
 * placeholder host for the Unix-socket form `postgres://user:pw@/db?host=/run/postgresql`
 * (an empty host after credentials, which the WHATWG parser rejects). Undefined when neither works.
 */
function parseUrl(url: string): { parsed: URL; emptyHost: boolean } | undefined {
  try {
    return { parsed: new URL(url), emptyHost: false };
  } catch {
    try {
      return { parsed: new URL(url.replace('@/', '@confiture-placeholder-host/')), emptyHost: true };
    } catch {
      return undefined;
    }
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * True when `url` can be parsed as a URL the PostgreSQL driver accepts (including the
 * Unix-socket form with an empty host). A password holding `/`, `#`, `?` or `@` must be
 * percent-encoded, or the URL cannot be parsed.
 *
 * @example
 * ```ts
 * isParsableUrl('postgres://app:s3cret@db:5432/app'); // true
 * isParsableUrl('postgres://app:pa/ss@db/app');       // false: write pa%2Fss
 * ```
 */
export function isParsableUrl(url: string): boolean {
  return parseUrl(url) !== undefined;
}

/**
 * Replaces the password in a PostgreSQL connection URL (and in a `password=` query
 * parameter) with `***`, so the URL can be printed or logged.
 *
 * @example
 * ```ts
 * redactUrl('postgres://app:s3cret@db:5432/app'); // 'postgres://app:***@db:5432/app'
 * ```
 */
export function redactUrl(url: string): string {
  const result = parseUrl(url);
  if (result !== undefined) {
    const { parsed, emptyHost } = result;
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/^(password|sslpassword|pass)$/i.test(key)) parsed.searchParams.set(key, '***');
    }
    const text = parsed.toString();
    return emptyHost ? text.replace('@confiture-placeholder-host/', '@/') : text;
  }
  // Not a URL (a key=value DSN, a password with an unencoded `/` or `#`): mask anything that
  // looks like a password. Credentials end at the last `@` before the host.
  return url
    .replace(/(\/\/[^:/@\s]*:)\S*@/g, '$1***@')
    .replace(/(password\s*=\s*)('[^']*'|[^\s&]+)/gi, '$1***');
}

/**
 * Host, port, database and user of a URL, for messages. Query parameters (`?host=`, `?port=`,
 * `?user=`, `?dbname=`) fill what the URL leaves out, as for the driver; what is still missing
 * falls back to libpq defaults. A URL that cannot be parsed is read with a lenient pattern so
 * the message still names the right host and port.
 *
 * @example
 * ```ts
 * describeUrl('postgres://app:pw@db.example:6543/shop'); // { host: 'db.example', port: 6543, database: 'shop', user: 'app' }
 * ```
 */
export function describeUrl(url: string): { host: string; port: number; database: string; user: string } {
  const result = parseUrl(url);
  let host = '';
  let port = '';
  let database = '';
  let user = '';
  if (result !== undefined) {
    const { parsed, emptyHost } = result;
    const param = (name: string): string => parsed.searchParams.get(name) ?? '';
    host = (emptyHost ? '' : decode(parsed.hostname).replace(/^\[(.+)\]$/, '$1')) || param('host');
    port = parsed.port || param('port');
    database = decode(parsed.pathname.replace(/^\//, '')) || param('dbname');
    user = decode(parsed.username) || param('user');
  } else {
    // scheme://[user[:password]@]host[:port][/database][?query]: the credentials end at the last `@`.
    const match = /^[a-z][a-z0-9+.-]*:\/\/(?:([^:@/]*)(?::.*)?@)?(\[[^\]]*\]|[^:/?#@]*)(?::([^/?#]*))?(?:\/([^?#]*))?/i.exec(url.trim());
    if (match) {
      user = decode(match[1] ?? '');
      host = (match[2] ?? '').replace(/^\[(.+)\]$/, '$1');
      port = match[3] ?? '';
      database = decode(match[4] ?? '');
    }
  }
  user ||= 'postgres';
  const numeric = /^\d+$/.test(port) ? Number(port) : Number.NaN;
  return {
    host: host || 'localhost',
    port: Number.isNaN(numeric) ? 5432 : numeric,
    database: database || user,
    user,
  };
}

/** The password of a URL, however it is written (in the URL or as a `password=` parameter). */
function passwordsOf(url: string): string[] {
  const result = parseUrl(url);
  const found: string[] = [];
  if (result !== undefined) {
    if (result.parsed.password) found.push(result.parsed.password, decode(result.parsed.password));
    const param = result.parsed.searchParams.get('password');
    if (param) found.push(param);
  } else {
    const inline = /^[a-z][a-z0-9+.-]*:\/\/[^:@/]*:(\S*)@/i.exec(url.trim())?.[1];
    if (inline) found.push(inline, decode(inline));
    const param = /[?&\s]password\s*=\s*('[^']*'|[^\s&]+)/i.exec(url)?.[1];
    if (param) found.push(param.replace(/^'(.*)'$/, '$1'));
  }
  // Longest first, so a password is replaced whole before any shorter form of it.
  return [...new Set(found.filter((p) => p.length > 0))].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of the URL's password (as written and percent-decoded) in a text,
 * a driver message say, with `***`.
 *
 * @example
 * ```ts
 * scrubPassword('auth failed for s3cret', 'postgres://u:s3cret@h/d'); // 'auth failed for ***'
 * ```
 */
export function scrubPassword(text: string, url: string): string {
  let out = text;
  for (const password of passwordsOf(url)) out = out.split(password).join('***');
  return out;
}
