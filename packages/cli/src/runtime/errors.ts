import type { ConfitureError } from '@confiture/core';
import pc from 'picocolors';
import { EXIT } from './exit-codes.js';
import { note, out, type Io } from './io.js';

// Duplicated from @confiture/core on purpose: the error path must not import the library
// (it may be the thing that failed to load) and `--help` must stay fast.
function isConfitureError(value: unknown): value is ConfitureError {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'ConfitureError';
}

/** Thrown by command handlers to end with a given exit code after they printed their output. */
export class ExitWith extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function where(error: ConfitureError): string | undefined {
  const loc = error.location;
  const parts: string[] = [];
  if (loc?.file) parts.push([loc.file, loc.line, loc.column].filter((p) => p !== undefined).join(':'));
  if (error.configPath) parts.push(`key ${error.configPath}`);
  return parts.length ? parts.join(', ') : undefined;
}

/**
 * Prints an error as one paragraph (what, where, how to fix) and returns the exit code:
 * 1 for a failed operation, 2 for usage, config, connection and internal errors.
 * With `--format json` the error also goes to stdout as `{"error": {...}}` so tools can read it.
 */
export function reportError(io: Io, error: unknown, options: { debug: boolean; json: boolean; color: boolean }): number {
  const c = pc.createColors(options.color);
  if (error instanceof ExitWith) return error.code;
  if (isConfitureError(error)) {
    if (options.json) out(io, JSON.stringify({ error: error.toJSON() }, null, 2));
    const lines = [`${c.red(c.bold('error'))} ${error.message}`];
    const at = where(error);
    if (at) lines.push(`  ${c.dim('at')} ${at}`);
    if (error.hint) lines.push(`  ${c.cyan('hint')} ${error.hint}`);
    lines.push(`  ${c.dim(`(${error.code})`)}`);
    if (options.debug && error.stack) lines.push(c.dim(error.stack), ...causeChain(error));
    note(io, lines.join('\n'));
    return error.category === 'operation' ? EXIT.failed : EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) out(io, JSON.stringify({ error: { code: 'CONFITURE_INTERNAL', category: 'internal', message } }, null, 2));
  const lines = [`${c.red(c.bold('internal error'))} ${message}`, `  ${c.cyan('hint')} This is a bug in Confiture. Rerun with --debug and report the output.`];
  if (options.debug && error instanceof Error && error.stack) lines.push(c.dim(error.stack), ...causeChain(error));
  note(io, lines.join('\n'));
  return EXIT.usage;
}

function causeChain(error: Error): string[] {
  const lines: string[] = [];
  let cause = error.cause;
  while (cause instanceof Error) {
    lines.push(`caused by: ${cause.stack ?? cause.message}`);
    cause = cause.cause;
  }
  return lines;
}
