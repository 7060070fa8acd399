import { isAbsolute, relative, sep } from 'node:path';

/** `path` relative to `root` with forward slashes when inside it, else unchanged. */
export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}
