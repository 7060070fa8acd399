import type { SideEffect, StatementAction } from '../types.js';

/** How a function call escapes the rollback, and what the dry-run can do about it. */
export interface FunctionEffect {
  readonly kind: SideEffect['kind'];
  readonly action: StatementAction;
  /** Sentence completing "`name()` ...". */
  readonly what: string;
}

const sequence: FunctionEffect = {
  kind: 'sequence',
  action: 'execute',
  what: 'changes a sequence, which a rollback does not undo (the dry-run restores the sequence afterwards)',
};
const sessionAdvisory: FunctionEffect = {
  kind: 'advisory-lock',
  action: 'execute',
  what: 'takes or releases a session-level advisory lock, which outlives the transaction (the dry-run releases its advisory locks afterwards; the pg_advisory_xact_* variants end with the transaction)',
};
const notify: FunctionEffect = {
  kind: 'notify',
  action: 'execute',
  what: 'sends a notification, which PostgreSQL only delivers at commit: the dry-run rollback suppresses it, so listeners see nothing',
};
const remote: FunctionEffect = {
  kind: 'remote',
  action: 'static',
  what: 'runs SQL on another database through dblink, outside this transaction: a rollback does not undo it, so it is analyzed, not run',
};
const signal: FunctionEffect = {
  kind: 'signal',
  action: 'static',
  what: 'acts on the server or other sessions (signals, configuration reload, WAL, statistics, replication), which no rollback undoes: analyzed, not run',
};
const fileWrite: FunctionEffect = {
  kind: 'file',
  action: 'static',
  what: 'writes or removes a file on the database server, which a rollback does not undo: analyzed, not run',
};
const largeObjectExport: FunctionEffect = {
  kind: 'large-object',
  action: 'static',
  what: 'writes a large object to a file on the database server, which a rollback does not undo: analyzed, not run',
};
const largeObjectImport: FunctionEffect = {
  kind: 'large-object',
  action: 'execute',
  what: 'reads a server file into a new large object; the rollback removes the large object',
};

const TABLE = new Map<string, FunctionEffect>([
  ['nextval', sequence],
  ['setval', sequence],
  ['pg_advisory_lock', sessionAdvisory],
  ['pg_advisory_lock_shared', sessionAdvisory],
  ['pg_try_advisory_lock', sessionAdvisory],
  ['pg_try_advisory_lock_shared', sessionAdvisory],
  ['pg_advisory_unlock', sessionAdvisory],
  ['pg_advisory_unlock_shared', sessionAdvisory],
  ['pg_advisory_unlock_all', sessionAdvisory],
  ['pg_notify', notify],
  ['lo_export', largeObjectExport],
  ['lo_import', largeObjectImport],
  ['pg_file_write', fileWrite],
  ['pg_file_rename', fileWrite],
  ['pg_file_unlink', fileWrite],
  ['pg_file_sync', fileWrite],
  ['pg_logfile_rotate', signal],
  ['pg_terminate_backend', signal],
  ['pg_cancel_backend', signal],
  ['pg_reload_conf', signal],
  ['pg_rotate_logfile', signal],
  ['pg_switch_wal', signal],
  ['pg_switch_xlog', signal],
  ['pg_create_restore_point', signal],
  ['pg_promote', signal],
  ['pg_log_backend_memory_contexts', signal],
  ['pg_backup_start', signal],
  ['pg_backup_stop', signal],
  ['pg_start_backup', signal],
  ['pg_stop_backup', signal],
  ['pg_wal_replay_pause', signal],
  ['pg_wal_replay_resume', signal],
  ['pg_create_physical_replication_slot', signal],
  ['pg_create_logical_replication_slot', signal],
  ['pg_drop_replication_slot', signal],
  ['pg_copy_physical_replication_slot', signal],
  ['pg_copy_logical_replication_slot', signal],
  ['pg_replication_slot_advance', signal],
  ['pg_replication_origin_create', signal],
  ['pg_replication_origin_drop', signal],
  ['pg_replication_origin_advance', signal],
  ['pg_replication_origin_session_setup', signal],
  ['pg_stat_reset', signal],
  ['pg_stat_reset_shared', signal],
  ['pg_stat_reset_single_table_counters', signal],
  ['pg_stat_reset_single_function_counters', signal],
  ['pg_stat_reset_slru', signal],
  ['pg_stat_reset_replication_slot', signal],
  ['pg_stat_reset_subscription_stats', signal],
  ['pg_stat_statements_reset', signal],
]);

/** The side effect of calling a function by this (unqualified, lower-case) name, if any. */
export function functionEffect(name: string): FunctionEffect | undefined {
  const known = TABLE.get(name);
  if (known) return known;
  // dblink, dblink_exec, dblink_connect, dblink_send_query...: every entry point of the extension.
  if (name === 'dblink' || name.startsWith('dblink_')) return remote;
  return undefined;
}

/**
 * Cheap pre-check on source text (a PL/pgSQL body): whether any side-effect function name
 * appears at all, before paying for the lexer. Case-insensitive; a match is then confirmed on tokens.
 */
export function mentionsSideEffectFunction(text: string): boolean {
  const lower = text.toLowerCase();
  if (lower.includes('dblink')) return true;
  for (const name of TABLE.keys()) if (lower.includes(name)) return true;
  return false;
}
