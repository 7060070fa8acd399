import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.js';

export default defineConfig({
  test: {
    projects: projects.filter((dir) => existsSync(`${dir}/vitest.config.ts`)),
    globalSetup: ['./tools/test-utils/src/global-setup.ts'],
  },
});
