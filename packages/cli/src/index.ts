export { createParser, main } from './main.js';
export type { Io } from './runtime/io.js';
