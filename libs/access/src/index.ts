export * from './allow.decorator';
export * from './keys';
