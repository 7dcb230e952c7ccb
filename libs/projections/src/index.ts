export * from './checkpoints';
export * from './projection';
export * from './projector';
