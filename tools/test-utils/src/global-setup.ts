import { SERVER_ERROR_ENV, SERVER_URL_ENV, discoverServer } from './server.js';

let stop: (() => Promise<void>) | undefined;

/**
 * Vitest global setup: finds (or starts) the test server once for the whole run and hands its
 * URL to the workers through the environment. When none is found the run goes on, and each
 * test that needs a server fails with the discovery message (never a silent skip).
 */
export async function setup(): Promise<void> {
  try {
    const server = await discoverServer();
    process.env[SERVER_URL_ENV] = server.url;
    stop = server.stop;
  } catch (error) {
    process.env[SERVER_ERROR_ENV] = error instanceof Error ? error.message : String(error);
  }
}

export async function teardown(): Promise<void> {
  await stop?.();
}
