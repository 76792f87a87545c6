export * from './keys-command/keys-command.js';
export * from './locate-json-error/locate-json-error.js';
export * from './read-snapshot/read-snapshot.js';
export * from './render-table/render-table.js';
export * from './run-cli/run-cli.js';
export * from './serve-command/serve-command.js';
export * from './sync-command/sync-command.js';
