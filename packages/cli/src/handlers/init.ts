import { initProject } from '@confiture/core';
import { resolve } from 'node:path';
import type { InitArgs } from '../commands/init.js';
import type { CliContext } from '../runtime/context.js';
import { out } from '../runtime/io.js';

export async function init(args: InitArgs, ctx: CliContext): Promise<void> {
  const dir = resolve(args.cwd, args.dir ?? '.');
  const result = await initProject(dir, { force: args.force });
  if (args.format === 'json') {
    out(ctx.io, JSON.stringify(result, null, 2));
    return;
  }
  out(ctx.io, `Created a Confiture project in ${result.root}:`);
  for (const file of result.files) out(ctx.io, `  ${file.path}`);
  out(ctx.io, '\nNext: edit db/schema, then run `confiture build` and `confiture migrate up`.');
}
