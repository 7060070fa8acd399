import { ConfitureError } from '../errors.js';
import type { ConfigLocation } from './issues.js';
import { where } from './issues.js';

type TemplatePart = { readonly text: string } | { readonly variable: string; readonly fallback: string | undefined; readonly raw: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Splits `postgres://${USER:-app}@db/$${x}` into literal text and variable references. */
function scan(template: string): { parts: TemplatePart[] } | { error: string } {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const char = template[i];
    const next = template[i + 1];
    if (char === '$' && next === '$') {
      text += '$';
      i += 2;
    } else if (char === '$' && next === '{') {
      const end = template.indexOf('}', i + 2);
      if (end < 0) return { error: `\`\${\` at character ${i + 1} is never closed with \`}\` (write \`$$\` for a literal \`$\`)` };
      const body = template.slice(i + 2, end);
      const separator = body.indexOf(':-');
      const variable = separator < 0 ? body : body.slice(0, separator);
      if (!NAME.test(variable)) {
        return { error: `\`\${${body}}\` is not a variable reference: use \`\${NAME}\` or \`\${NAME:-default}\` with a name made of letters, digits and _` };
      }
      if (text !== '') parts.push({ text });
      text = '';
      parts.push({ variable, fallback: separator < 0 ? undefined : body.slice(separator + 2), raw: template.slice(i, end + 1) });
      i = end + 1;
    } else {
      text += char;
      i += 1;
    }
  }
  if (text !== '') parts.push({ text });
  return { parts };
}

/**
 * The syntax problem of an interpolation template, or undefined when it is well formed.
 * Used by the config schema so a typo in `${...}` is reported at load time, not on use.
 */
export function templateError(template: string): string | undefined {
  const scanned = scan(template);
  return 'error' in scanned ? scanned.error : undefined;
}

/** The literal text before the first variable (`postgres://` in `postgres://${HOST}/app`). */
export function templateLead(template: string): string {
  const scanned = scan(template);
  if ('error' in scanned) return '';
  const first = scanned.parts[0];
  return first !== undefined && 'text' in first ? first.text : '';
}

/** Names of the variables a template reads. */
export function templateVariables(template: string): string[] {
  const scanned = scan(template);
  return 'error' in scanned ? [] : scanned.parts.flatMap((part) => ('variable' in part ? [part.variable] : []));
}

/** Options for {@link interpolateEnv}. */
export interface InterpolateOptions {
  /** Variables to read; defaults to `process.env`. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** Key path of the value, for messages (`database_url`). */
  readonly configPath?: string;
  /** Where the value is written; a function gets the `${NAME` text to point at the exact column. */
  readonly location?: ConfigLocation | ((needle: string) => ConfigLocation);
  /** How to fix a missing variable, when the default advice does not fit. */
  readonly hint?: string;
}

/**
 * Replaces `${NAME}` with the environment variable NAME and `${NAME:-default}` with NAME or,
 * when NAME is unset or empty, `default`; `$$` is a literal `$`. A `${NAME}` whose variable is
 * unset or empty throws `CONFITURE_ENV_VAR_MISSING` naming the variable, the key path and the
 * position (write `${NAME:-}` to allow empty). The message never contains the value.
 *
 * @example
 * ```ts
 * interpolateEnv('postgres://app:${DB_PASSWORD}@db/app', { processEnv: { DB_PASSWORD: 's3cret' } });
 * // 'postgres://app:s3cret@db/app'
 * interpolateEnv('${PGHOST:-localhost}', { processEnv: {} }); // 'localhost'
 * ```
 */
export function interpolateEnv(template: string, options: InterpolateOptions = {}): string {
  const env = options.processEnv ?? process.env;
  const locate = (needle: string): ConfigLocation | undefined =>
    typeof options.location === 'function' ? options.location(needle) : options.location;
  const subject = options.configPath === undefined ? 'the value' : `\`${options.configPath}\``;
  const scanned = scan(template);
  if ('error' in scanned) {
    const location = locate('${');
    throw new ConfitureError({
      code: 'CONFITURE_CONFIG_INVALID',
      message: `Invalid interpolation in ${subject}${location === undefined ? '' : ` in ${where(location)}`}: ${scanned.error}.`,
      hint: 'Write `${NAME}`, `${NAME:-default}`, or `$$` for a literal `$`.',
      ...(location === undefined ? {} : { location }),
      ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
    });
  }
  let out = '';
  for (const part of scanned.parts) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    const value = env[part.variable];
    if (value !== undefined && value !== '') out += value;
    else if (part.fallback !== undefined) out += part.fallback;
    else {
      const location = locate(part.raw);
      throw new ConfitureError({
        code: 'CONFITURE_ENV_VAR_MISSING',
        message: `Environment variable ${part.variable} is ${value === undefined ? 'not set' : 'empty'}; ${subject}${location === undefined ? '' : ` in ${where(location)}`} needs it.`,
        hint: options.hint ?? `Set ${part.variable} in the environment, or give a default: \`\${${part.variable}:-value}\`.`,
        ...(location === undefined ? {} : { location }),
        ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
        details: { variable: part.variable },
      });
    }
  }
  return out;
}
