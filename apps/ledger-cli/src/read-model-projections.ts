import { AuditTrailProjection, type Projection, QualificationProjection } from '@ledger/projections';

/** The read models the API keeps (apps/ledger-api ProjectionsModule): rebuild and replay build the same. */
export const readModelProjections = (): Projection[] => [new QualificationProjection(), new AuditTrailProjection()];
