export * from './allow.decorator';
export * from './principal';
export * from './role';
export * from './viewing-restriction';
export * from './access-recorder';
