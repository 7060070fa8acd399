// `confiture --help` start-up against a bare `node -e 0`, as a ratio: commands lazy-import the
// libraries, so help should cost little more than Node itself.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(args, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

export async function run({ root, log }) {
  const bin = join(root, 'packages', 'cli', 'bin.js');
  const runs = 21;
  time(['-e', '0'], 3);
  time([bin, '--help'], 3);
  const bare = time(['-e', '0'], runs);
  const help = time([bin, '--help'], runs);
  log(`median of ${runs} runs each`);
  return [
    { name: 'node -e 0', value: bare, unit: 'ms' },
    { name: 'confiture --help', value: help, unit: 'ms' },
    { name: 'confiture --help / node -e 0', value: help / bare, unit: 'x', goal: '<= 3x', ok: help / bare <= 3 },
  ];
}
