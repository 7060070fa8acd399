import type { Io } from './io.js';

/** Options every command accepts. */
export interface GlobalArgs {
  readonly cwd: string;
  readonly config: string | undefined;
  readonly env: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly debug: boolean;
  readonly color: boolean | undefined;
}

/** What a command handler gets besides its arguments. */
export interface CliContext {
  readonly io: Io;
  /** Records the exit code the process ends with (the highest wins). */
  exit(code: number): void;
}
