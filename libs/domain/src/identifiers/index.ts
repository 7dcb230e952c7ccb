export * from './insured-person-numbers';
export * from './insurer-number';
export * from './local-id';
export * from './luhn';
export * from './medical-institution-code';
export * from './my-number';
