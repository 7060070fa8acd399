import { isIP } from 'node:net';
import { splitWords } from './words.js';

/** Broad type families, from `format_type()` spellings. */
export type TypeFamily = 'text' | 'integer' | 'numeric' | 'boolean' | 'date' | 'timestamp' | 'inet' | 'uuid' | 'json' | 'binary' | 'other';

/** Classifies a column type (`character varying(60)`, `timestamp with time zone`, `text[]`). */
export function typeFamily(type: string): TypeFamily {
  // A schema uses a handful of distinct types over thousands of columns.
  let family = typeFamilies.get(type);
  if (family === undefined) {
    if (typeFamilies.size >= MAX_CACHED_TYPES) typeFamilies.clear();
    family = classifyType(type);
    typeFamilies.set(type, family);
  }
  return family;
}

const MAX_CACHED_TYPES = 4096;
const typeFamilies = new Map<string, TypeFamily>();

function classifyType(type: string): TypeFamily {
  const t = type.toLowerCase().replace(/\[\]$/, '').replace(/\(.*\)/, '').trim();
  if (/^(text|character varying|varchar|character|char|bpchar|name|citext|.*\.citext)$/.test(t)) return 'text';
  if (/^(smallint|integer|bigint|int2|int4|int8)$/.test(t)) return 'integer';
  if (/^(numeric|decimal|real|double precision|float4|float8|money)$/.test(t)) return 'numeric';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'date') return 'date';
  if (/^(timestamp|time|interval)/.test(t)) return 'timestamp';
  if (t === 'inet' || t === 'cidr' || t === 'macaddr' || t === 'macaddr8') return 'inet';
  if (t === 'uuid') return 'uuid';
  if (t === 'json' || t === 'jsonb') return 'json';
  if (t === 'bytea') return 'binary';
  // Domains, enums and extension types: their base type is unknown here, treat them as text.
  return 'other';
}

/** A kind of personal data, how columns holding it are named, and how to anonymize it. */
export interface PiiCategory {
  readonly id: string;
  readonly label: string;
  /** Suggested anonymization strategy id, e.g. `fake_email`. */
  readonly strategy: string;
  readonly strategyHint: string;
  /** Column names, as word lists the name must end with (`['email', 'address']`). */
  readonly phrases: ReadonlyArray<readonly string[]>;
  readonly types: readonly TypeFamily[];
  /** Whether a sampled value (as text) has the shape of this data; never stored or printed. */
  readonly shape: (value: string) => boolean;
  /** Only personal in a table of people (a `picture` of a staff member, not of a product category). */
  readonly peopleOnly?: boolean;
}

const TEXTUAL: readonly TypeFamily[] = ['text', 'other'];

function digits(value: string): string {
  return value.replace(/\D/g, '');
}

function luhn(number: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = number.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function looksLikeIp(value: string): boolean {
  return isIP(value.trim().replace(/\/\d{1,3}$/, '')) !== 0;
}

const words = (...list: string[]): string[][] => list.map((p) => p.split(' '));

/** The built-in dictionary, most specific first (an `ip_address` is an IP, not a postal address). */
export const PII_CATEGORIES: readonly PiiCategory[] = [
  {
    id: 'email',
    label: 'e-mail address',
    strategy: 'fake_email',
    strategyHint: 'replace with a fake address, or hash the local part and keep the domain',
    phrases: words('email', 'email address', 'emailaddress', 'e mail', 'e mail address', 'mail address'),
    types: TEXTUAL,
    shape: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v.trim()),
  },
  {
    id: 'ip-address',
    label: 'IP address',
    strategy: 'truncate_ip',
    strategyHint: 'zero the host part (IPv4 /24, IPv6 /48) or hash it',
    phrases: words('ip', 'ip address', 'ip addr', 'ipaddress', 'ipaddr', 'remote addr', 'remote ip', 'client ip', 'last login ip', 'ip v4', 'ipv4', 'ipv6'),
    types: ['inet', 'text', 'other'],
    shape: looksLikeIp,
  },
  {
    id: 'phone',
    label: 'phone number',
    strategy: 'partial_mask',
    strategyHint: 'keep the country code and the last two digits, mask the rest',
    phrases: words('phone', 'phone number', 'phone no', 'phone num', 'phonenumber', 'telephone', 'telephone number', 'mobile', 'mobile number', 'mobile phone', 'cell phone', 'cellphone', 'fax', 'fax number', 'msisdn'),
    types: ['text', 'other', 'integer', 'numeric'],
    shape: (v) => /^\+?[\d\s().\/-]{6,25}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i.test(v.trim()) && digits(v).length >= 6 && digits(v).length <= 18,
  },
  {
    id: 'birth-date',
    label: 'birth date',
    strategy: 'date_shift',
    strategyHint: 'shift by a random number of days, or keep only the year',
    phrases: words('birth date', 'birthdate', 'date of birth', 'dob', 'birthday', 'birth day'),
    types: ['date', 'timestamp', 'text', 'other'],
    shape: (v) => {
      const m = /^(\d{4})-\d{2}-\d{2}/.exec(v.trim()) ?? /^\d{1,2}[/.-]\d{1,2}[/.-](\d{4})$/.exec(v.trim());
      const year = m ? Number(m[1]) : NaN;
      return year >= 1880 && year <= new Date().getUTCFullYear();
    },
  },
  {
    id: 'national-id',
    label: 'national identifier',
    strategy: 'hash',
    strategyHint: 'replace with a salted hash or a fake identifier of the same format',
    phrases: words(
      'ssn', 'social security number', 'social security no', 'national id', 'national identification number',
      'national insurance number', 'nino', 'passport', 'passport number', 'passport no', 'tax id', 'tax number',
      'driver license', 'drivers license', 'driving licence', 'driver license number', 'drivers license number',
      'driving licence number', 'id card number', 'personal id number',
    ),
    types: ['text', 'other', 'integer', 'numeric'],
    shape: (v) => /^[A-Za-z0-9][A-Za-z0-9 .\/-]{4,24}$/.test(v.trim()) && digits(v).length >= 4,
  },
  {
    id: 'payment-card',
    label: 'payment card or bank account number',
    strategy: 'mask',
    strategyHint: 'keep only the last four digits',
    phrases: words('card number', 'credit card', 'credit card number', 'cc number', 'ccnum', 'card no', 'cvv', 'cvc', 'cvv2', 'iban', 'bank account', 'bank account number'),
    types: ['text', 'other', 'integer', 'numeric'],
    shape: (v) => {
      const compact = v.replace(/[\s-]/g, '');
      if (/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/i.test(compact)) return true;
      if (/^\d{3,4}$/.test(compact)) return true;
      return /^\d{12,19}$/.test(compact) && luhn(compact);
    },
  },
  {
    id: 'postal-code',
    label: 'postal code',
    strategy: 'generalize',
    strategyHint: 'keep only the first characters (the area), or replace with a fake code',
    phrases: words('postal code', 'postcode', 'zip', 'zip code', 'zipcode'),
    types: ['text', 'other', 'integer'],
    shape: (v) => /^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/.test(v.trim()) && /\d/.test(v),
  },
  {
    id: 'postal-address',
    label: 'postal address',
    strategy: 'fake_address',
    strategyHint: 'replace with a fake address (keep city or country only if statistics need them)',
    phrases: words('address', 'street', 'street address', 'address line', 'street name'),
    types: TEXTUAL,
    shape: (v) => /\p{L}/u.test(v) && v.trim().length >= 3 && !looksLikeIp(v) && !v.includes('@') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v.trim()),
  },
  {
    id: 'person-name',
    label: "person's name",
    strategy: 'fake_name',
    strategyHint: 'replace with a fake name',
    phrases: words('first name', 'firstname', 'last name', 'lastname', 'full name', 'fullname', 'surname', 'given name', 'family name', 'middle name', 'maiden name', 'contact name', 'legal name'),
    types: TEXTUAL,
    shape: (v) => /^\p{L}[\p{L}\p{M} .'’-]{0,80}$/u.test(v.trim()) && v.trim().split(/\s+/).length <= 5,
  },
  {
    id: 'photo',
    label: 'photo of a person',
    strategy: 'redact',
    strategyHint: 'replace with NULL or a placeholder image',
    phrases: words('photo', 'picture', 'avatar', 'portrait', 'headshot', 'profile photo', 'profile picture', 'profile image', 'mugshot'),
    types: ['binary', 'text', 'other'],
    shape: (v) => v.length > 0,
    peopleOnly: true,
  },
  {
    id: 'username',
    label: 'user name',
    strategy: 'hash',
    strategyHint: 'replace with a hash or a generated handle',
    phrases: words('username', 'user name', 'login', 'login name'),
    types: TEXTUAL,
    shape: (v) => /^\S{2,64}$/.test(v.trim()),
  },
];

// Words that say the column holds a transformed or derived value rather than the data itself.
const TRANSFORMED = new Set(['hash', 'hashed', 'digest', 'encrypted', 'enc', 'cipher', 'ciphertext', 'masked', 'anonymized', 'anonymised', 'fake', 'obfuscated', 'redacted']);
// `mac_address`, `wallet_address`: addresses that are not where a person lives.
const NON_POSTAL = new Set(['mac', 'wallet', 'web', 'server', 'host', 'network', 'contract', 'memory', 'block', 'bitcoin', 'btc', 'eth', 'ethereum', 'crypto', 'url', 'ip', 'email', 'mail', 'e', 'hardware', 'device', 'node', 'socket', 'listen', 'bind', 'return', 'reply']);

/** The words of a column name, lower case, with trailing digits dropped (`address_line1` -> address, line). */
export function nameWords(name: string): readonly string[] {
  // The same column names (id, name, email, created_at) come back for every table, several
  // times per table: split each distinct name once.
  let words = nameWordsCache.get(name);
  if (words === undefined) {
    if (nameWordsCache.size >= MAX_CACHED_NAMES) nameWordsCache.clear();
    words = Object.freeze(
      splitWords(name)
        .map((w) => w.replace(/\d+$/, ''))
        .filter((w) => w.length > 0),
    );
    nameWordsCache.set(name, words);
  }
  return words;
}

const MAX_CACHED_NAMES = 50_000;
const nameWordsCache = new Map<string, readonly string[]>();

function endsWith(list: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length > list.length) return false;
  const offset = list.length - phrase.length;
  return phrase.every((w, i) => list[offset + i] === w);
}

// Tables whose `address` is a network or ledger address, not where someone lives.
const NON_POSTAL_TABLES = new Set([
  'server', 'servers', 'host', 'hosts', 'node', 'nodes', 'endpoint', 'endpoints', 'wallet', 'wallets', 'contract', 'contracts',
  'network', 'networks', 'device', 'devices', 'peer', 'peers', 'proxy', 'proxies', 'relay', 'relays', 'instance', 'instances',
  'interface', 'interfaces', 'subnet', 'subnets', 'token', 'tokens', 'validator', 'validators', 'account_keys',
]);

/** Whether a table's rows are machines or ledger entries (servers, wallets, ...), whose addresses are not personal. */
export function holdsNetworkAddresses(tableName: string): boolean {
  return NON_POSTAL_TABLES.has(nameWords(tableName).at(-1) ?? '');
}

/** The category a column name and type point at, or null. */
export function matchPiiCategory(
  name: string,
  type: string,
  categories: readonly PiiCategory[] = PII_CATEGORIES,
  context: { readonly people: boolean } = { people: true },
): PiiCategory | null {
  const list = nameWords(name);
  if (list.length === 0 || list.some((w) => TRANSFORMED.has(w))) return null;
  const candidates = phrasesEndingWith(categories, list[list.length - 1] as string);
  for (const { category, phrase } of candidates) {
    if (!endsWith(list, phrase)) continue;
    if (!category.types.includes(typeFamily(type)) || (category.peopleOnly && !context.people)) return null;
    if (category.id === 'postal-address') {
      const before = list[list.length - phrase.length - 1];
      if (before !== undefined && NON_POSTAL.has(before)) return null;
    }
    return category;
  }
  return null;
}

interface PhraseEntry {
  readonly category: PiiCategory;
  readonly phrase: readonly string[];
}

// A column name can only end with a phrase that ends with its own last word, so phrases are
// looked up by last word instead of trying all of them on every column. Entries keep the order
// of the categories, then of their phrases: the first that matches is the one a linear scan finds.
const phraseIndexes = new WeakMap<readonly PiiCategory[], { byLastWord: Map<string, PhraseEntry[]>; all: PhraseEntry[] | null }>();

function phrasesEndingWith(categories: readonly PiiCategory[], lastWord: string): readonly PhraseEntry[] {
  let index = phraseIndexes.get(categories);
  if (!index) {
    const byLastWord = new Map<string, PhraseEntry[]>();
    const all: PhraseEntry[] = [];
    let hasEmptyPhrase = false;
    for (const category of categories) {
      for (const phrase of category.phrases) {
        all.push({ category, phrase });
        const last = phrase[phrase.length - 1];
        if (last === undefined) {
          hasEmptyPhrase = true;
          continue;
        }
        const list = byLastWord.get(last);
        if (list) list.push({ category, phrase });
        else byLastWord.set(last, [{ category, phrase }]);
      }
    }
    // An empty phrase ends every name: only a full scan keeps the category order then.
    index = { byLastWord, all: hasEmptyPhrase ? all : null };
    phraseIndexes.set(categories, index);
  }
  return index.all ?? index.byLastWord.get(lastWord) ?? [];
}

/** The category of sampled values when they are clearly IPs held under an address-like name. */
export const IP_CATEGORY = PII_CATEGORIES.find((c) => c.id === 'ip-address') as PiiCategory;
export { looksLikeIp };

const ORGANIZATION_NAMES = words(
  'company', 'company name', 'companyname', 'organization', 'organization name', 'organisation', 'organisation name',
  'business name', 'firm name', 'trade name',
);
const PERSON_NAMES = words('first name', 'firstname', 'last name', 'lastname', 'full name', 'fullname', 'surname', 'given name', 'family name');
const PERSON_TABLES = new Set([
  'user', 'users', 'person', 'people', 'persons', 'member', 'members', 'employee', 'employees', 'staff', 'patient', 'patients',
  'student', 'students', 'contact', 'contacts', 'profile', 'profiles', 'account', 'accounts', 'applicant', 'applicants',
]);
/** Contact details that belong to the organization when the row is an organization. */
export const BUSINESS_CONTACT_CATEGORIES: ReadonlySet<string> = new Set(['postal-address', 'postal-code', 'phone']);

/** Whether a table's rows are people: named like it, or with a person-name column. */
export function describesPeople(tableName: string, columnNames: readonly string[]): boolean {
  if (PERSON_TABLES.has(nameWords(tableName).at(-1) ?? '')) return true;
  return columnNames.map(nameWords).some((c) => PERSON_NAMES.some((p) => endsWith(c, p)));
}

/**
 * Whether a table's rows are organizations (suppliers, shippers, business customers): it has a
 * company name and no person name, and is not named like a table of people. Their address and
 * switchboard number are business contact details, not personal data; a contact person's name
 * or e-mail in the same row still is.
 */
export function describesOrganizations(tableName: string, columnNames: readonly string[]): boolean {
  const last = nameWords(tableName).at(-1) ?? '';
  if (PERSON_TABLES.has(last)) return false;
  const columns = columnNames.map(nameWords);
  const has = (phrases: ReadonlyArray<readonly string[]>): boolean => columns.some((c) => phrases.some((p) => endsWith(c, p) && c.length === p.length));
  return has(ORGANIZATION_NAMES) && !has(PERSON_NAMES);
}
