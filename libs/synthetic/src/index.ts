export * from './generate-histories';
export * from './random';
export * from './batch-line';
