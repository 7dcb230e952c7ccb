export * from './ledger-policy';
export * from './parse-policy';
