export * from './calendar';
export * from './errors/domain-error';
export * from './identifiers';
export * from './insured-person';
export * from './policy';
export * from './shared/brand';
export * from './shared/parsed';
export * from './shared/is-record';
