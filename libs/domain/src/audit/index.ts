export * from './audit-subject';
export * from './restricted-data-exported';
