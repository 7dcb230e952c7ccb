export * from './checkpoints';
export * from './projection';
export * from './documents/documents-view';
export * from './projector';
export * from './qualification/person-state-codec';
export * from './qualification/qualification.projection';
export * from './qualification/qualification-view';
export * from './table-checksum';
