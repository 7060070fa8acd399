import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(repoRoot, 'packages', 'cli', 'bin.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built `confiture` binary in a child process, as a user would. The environment is
 * cleared of database URLs unless the test passes them, so the machine's settings do not leak in.
 */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, CONFITURE_DATABASE_URL: undefined, DATABASE_URL: undefined, CONFITURE_ENV: undefined, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A copy of examples/basic in a temp dir (without its embedded database), removed by `cleanup`. */
export async function copyExample(name = 'basic'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const parent = await mkdtemp(join(tmpdir(), 'confiture-cli-'));
  const dir = join(parent, name);
  await cp(join(repoRoot, 'examples', name), dir, { recursive: true, filter: (src) => !src.includes('.confiture') });
  return { dir, cleanup: () => rm(parent, { recursive: true, force: true }) };
}
