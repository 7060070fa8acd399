#!/usr/bin/env node
import('./dist/main.js').then((cli) => cli.run(process.argv.slice(2)));
