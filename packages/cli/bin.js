#!/usr/bin/env node
import('./dist/bundle/main.js').then((cli) => cli.run(process.argv.slice(2)));
