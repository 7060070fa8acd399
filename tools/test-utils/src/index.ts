export { SERVER_ERROR_ENV, SERVER_URL_ENV, discoverServer, serverUrl } from './server.js';
export type { DiscoveredServer } from './server.js';
export { createTestDatabase, useTestDatabase } from './database.js';
export type { TestDatabase } from './database.js';
export { freshPglite, usePglite } from './embedded.js';
