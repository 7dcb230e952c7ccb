export * from './catalogue';
export * from './command-handler';
export * from './command-request';
export * from './errors';
export * from './idempotency';
export * from './batch';
export * from './batch-outcome';
export * from './ndjson-lines';
