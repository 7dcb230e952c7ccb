import { AuditTrailProjection } from './audit/audit-trail.projection';
import { DocumentIndexProjection } from './documents/document-index.projection';
import { EligibilityIndexProjection } from './eligibility/eligibility-index.projection';
import { type Projection } from './projection';
import { QualificationProjection } from './qualification/qualification.projection';

/** The projector that keeps them, by its checkpoint's name: a rebuilt file takes over where it says. */
export const readModelsProjector = 'read-models';

/** The read models a service keeps, as new instances: the live file, a rebuild and a replay each get their own. */
export const readModelProjections = (): Projection[] => {
  const qualification = new QualificationProjection();
  return [
    qualification,
    new AuditTrailProjection(),
    new EligibilityIndexProjection(qualification),
    new DocumentIndexProjection(),
  ];
};
