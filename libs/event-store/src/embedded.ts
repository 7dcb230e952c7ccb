// The library without its EventStoreDB adapter: what the embedded store's own threads load (the
// projector's, ADR 0017), so that none of them loads the EventStoreDB client it never uses.
export * from './canonical-json';
export * from './errors';
export * from './event-store.port';
export * from './flush-to-disk';
export * from './hash-chain';
export * from './make-directories';
export * from './sqlite/sqlite-event-store';
export * from './thread-error';
