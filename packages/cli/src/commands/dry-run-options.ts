import type { Argv } from 'yargs';

/** Options of the dry-run, shared by `confiture dry-run` and `confiture migrate up --dry-run`. */
export interface DryRunFlags {
  readonly static: boolean;
  readonly failOn: 'low' | 'medium' | 'high' | 'critical' | undefined;
  readonly verify: boolean;
  readonly lockTimeout: string | undefined;
  readonly statementTimeout: string | undefined;
  readonly rowsScale: number | undefined;
  readonly tableSizes: string | undefined;
}

export function withDryRunOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('static', { type: 'boolean', default: false, describe: 'Execute nothing: predict locks from the SQL (and the catalog when a database is given)' })
    .option('fail-on', { choices: ['low', 'medium', 'high', 'critical'] as const, describe: 'Exit 1 when a statement reaches this risk level' })
    .option('verify', { type: 'boolean', default: false, describe: 'Fingerprint the catalog and data before and after to prove nothing persisted' })
    .option('lock-timeout', { type: 'string', describe: 'lock_timeout inside the dry-run transaction (default 2s)' })
    .option('statement-timeout', { type: 'string', describe: 'statement_timeout inside the dry-run transaction (default 60s)' })
    .option('rows-scale', { type: 'number', describe: 'Estimate for a target N times bigger than the dry-run database (1: it is the target). Without a target size, tables are judged as large' })
    .option('table-sizes', { type: 'string', describe: 'JSON file mapping "schema.table" to {"rows": n} in the target, for estimates and risk' }) as Argv<T>;
}
