#!/usr/bin/env node
// node dist/cli.js <migrations-dir> [--fail-on high]   (DATABASE_URL in the environment)
import { renderReport, type RiskLevel } from '@confiture/dry-run';
import pg from 'pg';
import { migrate } from './migrator.js';

const [directory = 'migrations', flag, level] = process.argv.slice(2);
const failOn = (flag === '--fail-on' ? level : 'high') as RiskLevel;

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
client.on('error', () => {});
await client.connect();
try {
  const result = await migrate(client, { directory, failOn });
  if (result.status === 'up-to-date') console.log('Nothing to apply.');
  else {
    process.stdout.write(renderReport(result.report, 'text', { color: process.stdout.isTTY === true }));
    if (result.status === 'blocked') {
      console.error(`Blocked: the dry-run's risk is ${result.report.summary.risk} (limit: below ${failOn}). Nothing was applied.`);
      process.exitCode = 1;
    } else console.log(`Applied ${result.applied.join(', ')}.`);
  }
} finally {
  await client.end();
}
