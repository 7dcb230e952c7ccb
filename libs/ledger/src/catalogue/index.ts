export * from './batch-line';
export * from './catalogue';
export * from './document.bodies';
export * from './parse-command';
export * from './protection.bodies';
export * from './qualification.bodies';
export * from './registration.bodies';
export * from './satisfies';
