import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const published = ['core', 'hooks', 'dry-run', 'lint', 'anonymize-plugins', 'wizard', 'cli'];

/**
 * Tests import sibling packages from their sources, so a change is tested without a build.
 * (The CLI end-to-end and packaging tests use the built output on purpose.)
 */
export const sourceAliases = Object.fromEntries(published.map((name) => [`@confiture/${name}`, `${packagesDir}${name}/src/index.ts`]));

/** The vitest project of one package directory. */
export function packageProject(name: string, overrides: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name,
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
