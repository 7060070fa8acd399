/**
 * Secret detection for `hardcoded-secret`: structural patterns of well-known credentials
 * (high confidence), keyword assignments gated by entropy and character variety, and masking.
 * A secret found here is only ever handed out masked.
 */

export interface SecretHit {
  /** Stable id of the pattern, e.g. `aws-access-key-id`, `keyword-assignment`. */
  readonly kind: string;
  /** What was found, for messages: `an AWS access key id`. */
  readonly label: string;
  /** The masked secret, safe to print. */
  readonly masked: string;
  /** Offsets of the secret in the scanned text. */
  readonly start: number;
  readonly end: number;
}

export interface SecretScanOptions {
  /** Minimum Shannon entropy (bits per character) of a keyword-assigned value. */
  readonly entropyThreshold: number;
  /** Values (or patterns) that are never secrets. */
  readonly allow: readonly RegExp[];
}

interface Pattern {
  readonly kind: string;
  readonly label: string;
  readonly regex: RegExp;
  /** Capture group holding the secret (0 = whole match). */
  readonly group: number;
  readonly mask?: (match: RegExpExecArray) => string;
}

// Shapes of credentials issued by well-known services. Each is specific enough that a match is
// a secret unless the value is an obvious placeholder (XXXX..., 0000...).
const PATTERNS: readonly Pattern[] = [
  {
    kind: 'private-key',
    label: 'a private key',
    regex: /-----BEGIN ((?:[A-Z0-9]+ ){0,3})?PRIVATE KEY(?: BLOCK)?-----[\s\S]{40,16384}?-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g,
    group: 0,
    mask: (m) => `-----BEGIN ${m[1] ?? ''}PRIVATE KEY----- ***`,
  },
  { kind: 'aws-access-key-id', label: 'an AWS access key id', regex: /(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16})(?![A-Za-z0-9])/g, group: 1 },
  { kind: 'gcp-api-key', label: 'a Google Cloud API key', regex: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g, group: 1 },
  { kind: 'azure-storage-key', label: 'an Azure storage account key', regex: /AccountKey=([A-Za-z0-9+/]{86}==)/g, group: 1 },
  { kind: 'azure-client-secret', label: 'an Azure AD client secret', regex: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g, group: 1 },
  { kind: 'jwt', label: 'a JSON Web Token', regex: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})(?![A-Za-z0-9_-])/g, group: 1 },
  { kind: 'github-token', label: 'a GitHub token', regex: /(?<![A-Za-z0-9_])((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g, group: 1 },
  { kind: 'gitlab-token', label: 'a GitLab token', regex: /(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/g, group: 1 },
  { kind: 'slack-token', label: 'a Slack token', regex: /(?<![A-Za-z0-9-])(xox[abposre]-[A-Za-z0-9-]{10,})(?![A-Za-z0-9-])/g, group: 1 },
  { kind: 'slack-webhook', label: 'a Slack webhook URL', regex: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,})/g, group: 1 },
  { kind: 'stripe-key', label: 'a Stripe live key', regex: /(?<![A-Za-z0-9_])((?:sk|rk)_live_[A-Za-z0-9]{20,})(?![A-Za-z0-9_])/g, group: 1 },
  { kind: 'sendgrid-key', label: 'a SendGrid API key', regex: /(?<![A-Za-z0-9_.-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g, group: 1 },
  { kind: 'twilio-key', label: 'a Twilio API key', regex: /(?<![A-Za-z0-9])(SK[0-9a-f]{32})(?![A-Za-z0-9])/g, group: 1 },
  { kind: 'npm-token', label: 'an npm token', regex: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g, group: 1 },
  { kind: 'openai-key', label: 'an OpenAI API key', regex: /(?<![A-Za-z0-9_-])(sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g, group: 1 },
  { kind: 'anthropic-key', label: 'an Anthropic API key', regex: /(?<![A-Za-z0-9_-])(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,})(?![A-Za-z0-9_-])/g, group: 1 },
  {
    kind: 'url-password',
    label: 'a URL with a password',
    regex: /\b([a-z][a-z0-9+.-]{1,20}):\/\/([^\s:/?#@'"]{1,100}):([^\s@/'"]{1,200})@([A-Za-z0-9.-]+)/gi,
    group: 3,
    mask: (m) => `${m[1]}://${m[2]}:***@${m[4]}`,
  },
];

// Names under which a value is a credential. Matched as a whole word segment of the key
// (`db_password`, `stripeApiKey`, `"client_secret"`), not inside longer words (`tokenizer`).
const KEYWORD = String.raw`(?:password|passwd|passphrase|pwd|secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|bearer[_-]?token|client[_-]?secret|token|credentials?)`;
// Starts only where a run of name characters starts, with a bounded prefix: scanning stays linear
// on long runs of identifier characters (base64 blobs, minified code).
const KEY = String.raw`(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{0,64}?${KEYWORD}(?:[_-][A-Za-z0-9]+){0,8})(?![A-Za-z0-9])`;
const ASSIGNMENT = new RegExp(
  String.raw`${KEY}["'\]]?(?:\s*(?::=|=>|=|:)\s*|\s+to\s+(?='))(?:'((?:[^'\n\\]|'')*)'|"([^"\n]*)"|([^\s'",;()\[\]{}<>]+))`,
  'gi',
);
// A column declared with a literal default in DDL: `api_key text DEFAULT 'literal'`.
const DDL_DEFAULT = new RegExp(
  String.raw`${KEY}\s{1,20}[A-Za-z_][\w."]{0,40}(?: [\w."]{1,40}){0,3}(?:\([\d, ]{0,20}\))?(?:\[\])?\s{1,20}(?:not\s+null\s+)?default\s{1,20}'((?:[^'\n]|'')*)'`,
  'gi',
);
// CREATE ROLE / ALTER USER ... PASSWORD 'literal', and user mappings' OPTIONS (password 'literal').
const SQL_PASSWORD = /\bpassword\s+'((?:[^'\n]|'')*)'/gi;
/** A key that names something about a credential rather than the credential itself. */
const NOT_A_SECRET_KEY =
  /(?:^|[_.-])(?:type|types|name|id|ids|length|len|size|count|expir\w*|at|hint|policy|field|column|col|param|header|label|format|mode|version|kind|enabled|required|reset\w*|changed\w*|updated\w*|created\w*|min|max|hash|hashed|digest|salt|rounds|algorithm|algo|prompt|url|uri|endpoint|path|file|table|regex|pattern|validation|strength|confirmation|confirm|placeholder|example)$/i;
/** Whether a column (or variable) name says it holds a credential. */
export function isCredentialName(name: string): boolean {
  return new RegExp(`^${KEY}$`, 'i').test(name) && !NOT_A_SECRET_KEY.test(name);
}

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'change_me', 'change-me', 'changeit', 'example', 'sample', 'dummy', 'test', 'testing', 'password',
  'passwd', 'secret', 'redacted', 'hidden', 'none', 'null', 'nil', 'undefined', 'todo', 'tbd', 'fixme',
  'placeholder', 'default', 'admin', 'root', 'postgres', 'letmein', 'pass', 'user', 'username', 'token', 'foo',
  'bar', 'baz', 'foobar', 'secret123', 'password123', 'password1', 'changeme123', 'qwerty', '123456', '12345678',
  'true', 'false', 'on', 'off', 'yes', 'no', 'required', 'optional', 'string', 'text', 'varchar', 'value',
]);
const PLACEHOLDER_PARTS =
  /example|changeme|change_me|change-me|placeholder|your[_-]|dummy|sample|redacted|replace|insert[_-]?|xxxx|\*\*\*|\.\.\.|<[^>]*>|\$\{|\{\{|%\(|%s|env\(|process\.env|current_setting|getenv|secret_manager|vault:|\bfake\b|not[_-]?a[_-]?real/i;

// Placeholders inside a well-known key shape (ghp_xxxxxxxx..., AKIA0000...). Documentation
// keys such as AWS's AKIAIOSFODNN7EXAMPLE are still reported: they get pasted into real code.
const PATTERN_PLACEHOLDER = /x{6,}|X{6,}|0{8,}|\*{3,}|<[^>]*>|\$\{|\{\{|\.\.\./;

/** Whether a value is an obvious placeholder rather than a credential. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  const lower = v.toLowerCase();
  if (v.length === 0 || PLACEHOLDER_WORDS.has(lower)) return true;
  if (PLACEHOLDER_PARTS.test(v)) return true;
  // A variable or bind parameter ($1, :name, @var), not a literal.
  if (/^[$:@?]/.test(v)) return true;
  // One character repeated (xxxxxxxx, 00000000).
  if (/^(.)\1+$/.test(v)) return true;
  return false;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function characterClasses(value: string): number {
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  if (/[^A-Za-z0-9_.\s-]/.test(value)) classes++;
  return classes;
}

/**
 * Whether a value assigned to a credential-like name looks like a real credential: long enough,
 * varied (words like `required` or `bearer` are not), not a placeholder, identifier or path.
 */
export function looksLikeCredential(value: string, options: SecretScanOptions): boolean {
  const v = value.trim();
  if (v.length < 8 || v.length > 500 || /\s/.test(v)) return false;
  if (isPlaceholder(v) || isAllowed(v, options)) return false;
  // Password verifiers and hashes are not the credential itself.
  if (/^(?:SCRAM-SHA-256\$|md5[0-9a-f]{32}$|\$2[abxy]?\$|\$argon2|\$[1-6]\$)/.test(v)) return false;
  // Paths, URLs without a password, e-mail addresses and dates name things; they are not secrets.
  if (/^(?:\/|\.\.?\/|[A-Za-z]:\\|[a-z][a-z0-9+.-]*:\/\/[^@]*$)/.test(v) || /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v)) return false;
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return false;
  if (characterClasses(v) < 2) return false;
  return shannonEntropy(v) >= options.entropyThreshold;
}

function isAllowed(value: string, options: SecretScanOptions): boolean {
  return options.allow.some((re) => {
    re.lastIndex = 0;
    return re.test(value);
  });
}

/**
 * Masks a secret for output: the first and last four characters of a long secret
 * (`AKIA************MPLE`), the first two of a shorter one, nothing of a very short one.
 */
export function maskSecret(secret: string): string {
  if (secret.length >= 16) return `${secret.slice(0, 4)}${'*'.repeat(Math.min(secret.length - 8, 24))}${secret.slice(-4)}`;
  if (secret.length >= 8) return `${secret.slice(0, 2)}***`;
  return '***';
}

function unquoteSql(value: string): string {
  return value.replace(/''/g, "'");
}

// Something every pattern above needs (a service prefix, `://`, a credential keyword), in one pass:
// most texts (every finding message goes through scanText) have none, and skip the twenty scans.
// Keep it in step with PATTERNS, KEYWORD and SQL_PASSWORD.
const ANCHOR =
  /passw|passphrase|pwd|secret|api[_-]?key|access[_-]?key|private|token|credential|A(?:KIA|SIA|BIA|CCA|GPA|IDA|ROA|IPA|NPA|NVA|PKA)|AIza|AccountKey=|\dQ~|eyJ|gh[pousr]_|github_pat_|glpat-|xox[abposre]-|hooks\.slack\.com|_live_|SG\.|SK[0-9a-f]|npm_|T3BlbkFJ|sk-ant-|:\/\//i;

/** Finds the credentials in a text. Overlapping matches are reported once. */
export function scanText(text: string, options: SecretScanOptions): SecretHit[] {
  const hits: SecretHit[] = [];
  if (!ANCHOR.test(text)) return hits;
  const taken: Array<[number, number]> = [];
  const overlaps = (start: number, end: number): boolean => taken.some(([s, e]) => start < e && end > s);
  const add = (hit: SecretHit, rangeStart: number, rangeEnd: number): void => {
    if (overlaps(rangeStart, rangeEnd)) return;
    taken.push([rangeStart, rangeEnd]);
    hits.push(hit);
  };

  for (const pattern of PATTERNS) {
    pattern.regex.lastIndex = 0;
    for (let m = pattern.regex.exec(text); m !== null; m = pattern.regex.exec(text)) {
      const secret = m[pattern.group] ?? m[0];
      const start = m.index + (pattern.group === 0 ? 0 : m[0].indexOf(secret));
      if (pattern.kind === 'url-password') {
        if (isPlaceholder(decodeSafe(secret)) || isAllowed(secret, options) || secret === m[2]) continue;
      } else if (isAllowed(secret, options) || PATTERN_PLACEHOLDER.test(secret) || shannonEntropy(secret) < 2) {
        continue;
      }
      const masked = pattern.mask ? pattern.mask(m) : maskSecret(secret);
      add({ kind: pattern.kind, label: pattern.label, masked, start, end: start + secret.length }, m.index, m.index + m[0].length);
    }
  }

  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m !== null; m = ASSIGNMENT.exec(text)) {
    const key = m[1] ?? '';
    const quoted = m[2] ?? m[3];
    const raw = quoted ?? m[4] ?? '';
    const value = m[2] !== undefined ? unquoteSql(raw) : raw;
    if (NOT_A_SECRET_KEY.test(key)) continue;
    // An unquoted identifier is a variable or column (`password = p_password`), not a literal,
    // unless it is long and random enough to be a token pasted without quotes.
    if (quoted === undefined && /^[A-Za-z_][A-Za-z0-9_.]*$/.test(value) && !(value.length >= 16 && /\d/.test(value))) continue;
    if (value.toLowerCase() === key.toLowerCase() || !looksLikeCredential(value, options)) continue;
    const start = m.index + m[0].lastIndexOf(raw);
    add({ kind: 'keyword-assignment', label: `a value assigned to "${key}"`, masked: maskSecret(value), start, end: start + raw.length }, start, start + raw.length);
  }

  DDL_DEFAULT.lastIndex = 0;
  for (let m = DDL_DEFAULT.exec(text); m !== null; m = DDL_DEFAULT.exec(text)) {
    const key = m[1] ?? '';
    const raw = m[2] ?? '';
    const value = unquoteSql(raw);
    if (NOT_A_SECRET_KEY.test(key) || !looksLikeCredential(value, options)) continue;
    const start = m.index + m[0].length - raw.length - 1;
    add({ kind: 'keyword-assignment', label: `the default of "${key}"`, masked: maskSecret(value), start, end: start + raw.length }, start, start + raw.length);
  }

  SQL_PASSWORD.lastIndex = 0;
  for (let m = SQL_PASSWORD.exec(text); m !== null; m = SQL_PASSWORD.exec(text)) {
    const value = unquoteSql(m[1] ?? '');
    if (value.length < 6 || isPlaceholder(value) || isAllowed(value, options)) continue;
    if (/^(?:SCRAM-SHA-256\$|md5[0-9a-f]{32}$)/.test(value)) continue;
    const start = m.index + m[0].indexOf("'") + 1;
    add({ kind: 'role-password', label: 'a role password', masked: maskSecret(value), start, end: start + (m[1] ?? '').length }, start, start + (m[1] ?? '').length);
  }
  return hits.sort((a, b) => a.start - b.start);
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The string literal of a column default (`'abc'::text` -> `abc`), or null for an expression. */
export function defaultLiteral(expression: string): string | null {
  const m = /^'((?:[^']|'')*)'(?:::[A-Za-z_][\w\s."]*(?:\(\d+(?:,\d+)?\))?(?:\[\])?)*$/.exec(expression.trim());
  return m ? unquoteSql(m[1] ?? '') : null;
}

/**
 * Parses the `allow` option: `/regex/flags` entries are regular expressions, anything else is
 * matched as a literal substring, case-insensitively.
 */
export function compileAllow(entries: readonly string[]): RegExp[] {
  return entries.map((entry) => {
    const m = /^\/(.+)\/([a-z]*)$/.exec(entry);
    if (m) return new RegExp(m[1] as string, (m[2] ?? '').replace(/[gy]/g, ''));
    return new RegExp(entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  });
}
