export * from './generate-histories';
export * from './random';
