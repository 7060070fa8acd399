/**
 * Name analysis for the naming rules: case conventions, splitting names into words, and a
 * small English inflector. The inflector is deliberately conservative: a word it cannot
 * place is "neutral" and never counts for or against a convention.
 */

export type CaseStyle = 'snake' | 'camel' | 'pascal';
export type GrammaticalNumber = 'singular' | 'plural' | 'neutral';

const CASE_PATTERNS: Record<CaseStyle, RegExp> = {
  snake: /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/,
  camel: /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/,
  pascal: /^[A-Z][a-z0-9]*(?:[A-Z][a-z0-9]*)*$/,
};

/** Whether a name follows a case convention. */
export function matchesCase(name: string, style: CaseStyle): boolean {
  return CASE_PATTERNS[style].test(name);
}

const SNAKE_ONLY = /^[a-z0-9_]*$/;

/** Splits `order_items`, `orderItems`, `OrderItems`, `HTTPLog` into lower-case words. */
export function splitWords(name: string): string[] {
  // Most names are already snake_case: splitting on underscores gives the same words without
  // the three regular expressions (this runs for every column of every table, in several rules).
  if (SNAKE_ONLY.test(name)) return name.split('_').filter((w) => w.length > 0);
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** Rewrites a name in a case convention. */
export function toCase(name: string, style: CaseStyle): string {
  const words = splitWords(name);
  if (words.length === 0) return name;
  if (style === 'snake') return words.join('_');
  const capitalized = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  if (style === 'pascal') return capitalized.join('');
  return (words[0] as string) + capitalized.slice(1).join('');
}

/** Words whose singular and plural are the same, or that inflection rules get wrong. */
export const DEFAULT_NEUTRAL_WORDS: readonly string[] = [
  'data', 'metadata', 'status', 'analysis', 'news', 'series', 'species', 'information', 'equipment', 'media',
  'staff', 'personnel', 'feedback', 'software', 'hardware', 'firmware', 'music', 'furniture', 'sheep', 'fish',
  'deer', 'moose', 'aircraft', 'offspring', 'traffic', 'luggage', 'baggage', 'advice', 'research', 'evidence',
  'knowledge', 'progress', 'analytics', 'statistics', 'stats', 'economics', 'physics', 'mathematics', 'logistics',
  'ethics', 'politics', 'athletics', 'electronics', 'genetics', 'scissors', 'info', 'inventory', 'content',
  'access', 'money', 'weather', 'chaos', 'kudos',
];

// Irregular singular -> plural pairs.
const IRREGULAR: ReadonlyArray<readonly [string, string]> = [
  ['person', 'people'], ['child', 'children'], ['man', 'men'], ['woman', 'women'], ['mouse', 'mice'],
  ['goose', 'geese'], ['foot', 'feet'], ['tooth', 'teeth'], ['ox', 'oxen'], ['criterion', 'criteria'],
  ['phenomenon', 'phenomena'], ['index', 'indices'], ['matrix', 'matrices'], ['vertex', 'vertices'],
  ['appendix', 'appendices'], ['cactus', 'cacti'], ['fungus', 'fungi'], ['radius', 'radii'], ['stimulus', 'stimuli'],
  ['syllabus', 'syllabi'], ['alumnus', 'alumni'], ['leaf', 'leaves'], ['life', 'lives'], ['knife', 'knives'],
  ['wife', 'wives'], ['half', 'halves'], ['shelf', 'shelves'], ['thief', 'thieves'], ['wolf', 'wolves'],
  ['calf', 'calves'], ['loaf', 'loaves'], ['quiz', 'quizzes'], ['thesis', 'theses'], ['crisis', 'crises'],
  ['basis', 'bases'], ['axis', 'axes'], ['hero', 'heroes'], ['potato', 'potatoes'], ['tomato', 'tomatoes'],
  ['echo', 'echoes'], ['veto', 'vetoes'], ['movie', 'movies'], ['cookie', 'cookies'], ['zombie', 'zombies'],
  ['calorie', 'calories'], ['pie', 'pies'], ['tie', 'ties'], ['rookie', 'rookies'], ['selfie', 'selfies'],
  ['smoothie', 'smoothies'], ['brownie', 'brownies'], ['genie', 'genies'], ['die', 'dice'], ['diagnosis', 'diagnoses'],
  ['synopsis', 'synopses'], ['hypothesis', 'hypotheses'], ['parenthesis', 'parentheses'],
];
const PLURAL_OF = new Map(IRREGULAR.map(([s, p]) => [s, p]));
const SINGULAR_OF = new Map(IRREGULAR.map(([s, p]) => [p, s]));

// Words ending in -s that are singular, and -us / -is words that are plural.
const SINGULAR_IN_S = new Set([
  'alias', 'atlas', 'bias', 'canvas', 'gas', 'lens', 'chassis', 'thermos', 'ethos', 'pathos', 'cosmos', 'iris',
  'christmas', 'pancreas', 'yes', 'its', 'this', 'plus', 'minus', 'premises', 'diabetes', 'herpes', 'mumps',
]);
const PLURAL_IN_US_IS = new Set([
  'menus', 'skus', 'emus', 'gurus', 'haikus', 'tutus', 'tofus', 'kiwis', 'wikis', 'emojis', 'taxis', 'skis',
  'alibis', 'bikinis', 'safaris', 'khakis', 'minis', 'apis', 'kpis', 'uris', 'urls', 'ips',
]);
// Nouns in -us whose plural is -uses (statuses, buses), for singularizing.
const US_NOUNS = new Set([
  'status', 'bus', 'bonus', 'virus', 'campus', 'census', 'corpus', 'focus', 'syllabus', 'apparatus', 'prospectus',
  'nexus', 'circus', 'chorus', 'citrus', 'genus', 'onus', 'surplus', 'sinus', 'octopus', 'prospectus', 'walrus',
]);

function stripDigits(word: string): string {
  return word.toLowerCase().replace(/\d+$/, '');
}

/**
 * Singular, plural or neutral. `neutral` covers words in `allow` (and the built-in list of
 * mass nouns and invariant words), very short words and anything the rules cannot decide.
 */
export function grammaticalNumber(word: string, allow: ReadonlySet<string> = new Set()): GrammaticalNumber {
  const w = stripDigits(word);
  if (w.length === 0 || allow.has(w) || NEUTRAL.has(w)) return 'neutral';
  if (SINGULAR_OF.has(w)) return 'plural';
  if (PLURAL_OF.has(w)) return 'singular';
  if (!w.endsWith('s')) return 'singular';
  // Abbreviations (sms, gps, dns) are not English plurals.
  if (w.length <= 3) return 'neutral';
  if (PLURAL_IN_US_IS.has(w)) return 'plural';
  if (SINGULAR_IN_S.has(w)) return 'singular';
  if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return 'singular';
  return 'plural';
}
const NEUTRAL = new Set(DEFAULT_NEUTRAL_WORDS);

/** The plural of an English noun (a suggestion; review it). */
export function pluralize(word: string): string {
  const w = word.toLowerCase();
  const irregular = PLURAL_OF.get(w);
  if (irregular) return irregular;
  if (NEUTRAL.has(w) && !w.endsWith('s')) return w;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(w)) return `${w}es`;
  return `${w}s`;
}

/** The singular of an English noun (a suggestion; review it). */
export function singularize(word: string): string {
  const w = word.toLowerCase();
  const irregular = SINGULAR_OF.get(w);
  if (irregular) return irregular;
  if (grammaticalNumber(w) !== 'plural') return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses') || w.endsWith('xes') || w.endsWith('ches') || w.endsWith('shes')) return w.slice(0, -2);
  if (w.endsWith('zzes')) return w.slice(0, -3);
  if (w.endsWith('uses') && US_NOUNS.has(w.slice(0, -2))) return w.slice(0, -2);
  return w.slice(0, -1);
}

/** Replaces the last word of a name (keeping its capitalization) with another word. */
export function replaceLastWord(name: string, replacement: string): string {
  const match = /^(.*?)([A-Z]?[a-z]+|[A-Z]+)(\d*)$/.exec(name);
  if (!match) return name;
  const [, prefix = '', word = '', digits = ''] = match;
  const capital = /^[A-Z]/.test(word);
  const upper = word.length > 1 && word === word.toUpperCase();
  const cased = upper ? replacement.toUpperCase() : capital ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement;
  return prefix + cased + digits;
}

/** The last word of a name, lower case, without trailing digits. */
export function lastWord(name: string): string {
  const words = splitWords(name);
  return stripDigits(words[words.length - 1] ?? name);
}
