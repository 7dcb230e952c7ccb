export * from './ledger-policy';
