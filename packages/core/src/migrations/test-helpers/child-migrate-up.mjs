// A separate process running `migrateUp` from the sources, for the concurrency test.
// Usage: node --import ./register-ts.mjs child-migrate-up.mjs <database url> <root> <migrations dir>
import { connectPostgres } from '../../connection/postgres.ts';
import { migrateUp } from '../migrate-up.ts';

const [url, root, migrationsDir] = process.argv.slice(2);
const connection = await connectPostgres(url, { applicationName: 'confiture-test-child' });
try {
  const result = await migrateUp(connection, { root, migrationsDir, lockWaitTimeoutMs: 60_000 });
  process.stdout.write(JSON.stringify({ ok: true, applied: result.applied.map((m) => m.version) }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, code: error?.code, message: error?.message }));
  process.exitCode = 1;
} finally {
  await connection.close();
}
