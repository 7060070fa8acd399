// A separate process running dryRun() on a migration, for the tests that kill or signal it.
// Usage: node --import ./register-ts.mjs child-dry-run.mjs <database-url> <sql>
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { dryRun } = await import('../index.ts');

const [url, sql] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url, application_name: 'confiture-dry-run-child' });
client.on('error', () => {});
await client.connect();
process.stdout.write('connected\n');
try {
  const report = await dryRun(client, sql);
  process.stdout.write(`done ${report.summary.executed}\n`);
} catch (error) {
  process.stdout.write(`error ${error?.code ?? ''} ${error?.message ?? error}\n`);
} finally {
  await client.end().catch(() => {});
}
