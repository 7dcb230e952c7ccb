export * from './allow.decorator';
export * from './keys';
export * from './viewing-restriction';
export * from './access-recorder';
export * from './access-record';
export * from './identity-tokens';
export * from './provider-keys';
