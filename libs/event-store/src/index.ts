export * from './errors';
export * from './event-ids';
export * from './event-store.port';
export * from './hash-chain';
export * from './limits';
export * from './sqlite/sqlite-event-store';
export * from './verify-chain';
export * from './open-event-store';
