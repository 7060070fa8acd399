import type { QualifiedName } from './ast.js';

/**
 * Reads an object name written as text, as `regclass` input does: `orders_id_seq`,
 * `public.orders_id_seq`, `"My Seq"`. Unquoted parts are folded to lower case.
 * Returns undefined for text that is not a name.
 */
export function parseObjectName(text: string): QualifiedName | undefined {
  const parts: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (text[i] === '"') {
      let part = '';
      i++;
      for (;;) {
        if (i >= n) return undefined;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i];
        i++;
      }
      parts.push(part);
    } else {
      let part = '';
      while (i < n && text[i] !== '.' && text[i] !== ' ') part += text[i++];
      if (part === '') return undefined;
      parts.push(part.toLowerCase());
    }
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i < n) {
      if (text[i] !== '.') return undefined;
      i++;
    }
  }
  if (parts.length === 0 || parts.length > 3) return undefined;
  const name = parts[parts.length - 1] as string;
  return { schema: parts.length >= 2 ? (parts[parts.length - 2] as string) : null, name };
}
