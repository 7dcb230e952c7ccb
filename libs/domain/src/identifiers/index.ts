export * from './document-id';
export * from './insured-person-numbers';
export * from './insurer-number';
export * from './luhn';
export * from './medical-institution-code';
export * from './my-number';
export * from './person-id';
export * from './shown-id';
