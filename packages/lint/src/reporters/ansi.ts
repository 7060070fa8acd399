/** Minimal ANSI styling; every function is the identity when color is off. */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const COLORS: Palette = {
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
  green: wrap(32, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

const identity = (text: string): string => text;
const PLAIN: Palette = { red: identity, yellow: identity, cyan: identity, green: identity, dim: identity, bold: identity };

export function palette(color: boolean): Palette {
  return color ? COLORS : PLAIN;
}
