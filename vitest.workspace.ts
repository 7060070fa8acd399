// The single list of test projects, one per package. Vitest 4 no longer reads this file on its
// own; vitest.config.ts imports it.
export default [
  'packages/core',
  'packages/hooks',
  'packages/dry-run',
  'packages/lint',
  'packages/anonymize-plugins',
  'packages/wizard',
  'packages/cli',
  'examples/embed-dry-run',
];
