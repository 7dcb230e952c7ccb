// The key store without Nest: what the CLI and the configuration need, loadable by plain Jest too.
export * from './configured-keys';
export * from './key-scope';
export * from './key-store';
export * from './principal';
export * from './role';
