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
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/^(password|sslpassword|pass)$/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    // Not a URL (a key=value DSN or garbage): mask anything that looks like a password.
    return url
      .replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@')
      .replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
  }
}

/** Host, port and database name of a URL, for messages. Missing parts fall back to libpq defaults. */
export function describeUrl(url: string): { host: string; port: number; database: string; user: string } {
  try {
    const parsed = new URL(url);
    return {
      host: decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost',
      port: parsed.port ? Number(parsed.port) : 5432,
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || 'postgres',
      user: decodeURIComponent(parsed.username) || 'postgres',
    };
  } catch {
    return { host: 'localhost', port: 5432, database: 'postgres', user: 'postgres' };
  }
}

/** Replaces every occurrence of the URL's password in a text (a driver message, say) with `***`. */
export function scrubPassword(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  return password.length > 0 ? text.split(password).join('***') : text;
}
