import { refuse } from '../errors/domain-error';
import {
  type EndCareNeeds,
  type FileViewingRestriction,
  type LiftViewingRestriction,
  type RecognizeCareNeeds,
} from './commands';
import { type LedgerPolicy } from '../policy';
import { revokedForWorkingCard } from './card-working';
import {
  type CareNeedsCategory,
  type CareNeedsEnded,
  type CareNeedsRecognized,
  event,
  type InsuredPersonEvent,
  type ViewingRestrictionFiled,
} from './events';
import { requireCoveredOn } from './guards';
import { evolve, type InsuredPersonState } from './state';

const careNeedsCategories: readonly CareNeedsCategory[] = [
  'facility',
  'disability',
  'long-term-care',
  'companion-needed',
  'guardian',
  'other',
];

/** A restriction counts only where it was filed: another office's filing does not carry over (R32). */
export function fileViewingRestriction(
  { data }: FileViewingRestriction,
  state: InsuredPersonState,
): ViewingRestrictionFiled[] {
  const qualification = requireCoveredOn(state, data.filedOn, 'R30', 'a viewing restriction');
  if (data.filedWith !== qualification.insurerNumber) {
    refuse(
      'RESTRICTION_FILED_ELSEWHERE',
      'R32',
      `the restriction was filed with insurer ${data.filedWith}, not this one`,
    );
  }
  if (state.viewingRestriction) {
    refuse('ALREADY_RESTRICTED', 'R30', `a viewing restriction is in force since ${state.viewingRestriction.filedOn}`);
  }
  // Filed from its day on, a restriction dated before an earlier one was lifted would overlap it.
  const overlapped = state.restrictionPeriods.find(({ liftedOn }) => liftedOn !== undefined && liftedOn > data.filedOn);
  if (overlapped) {
    refuse(
      'ALREADY_RESTRICTED',
      'R30',
      `a viewing restriction was in force from ${overlapped.filedOn} until ${overlapped.liftedOn}: one filed on ${data.filedOn} would overlap it`,
    );
  }
  return [event('ViewingRestrictionFiled', { filedOn: data.filedOn, scope: data.scope })];
}

/** Lifted, the restriction no longer blocks the card: a certificate it was the only ground for is revoked (R27, R33). */
export function liftViewingRestriction(
  { data }: LiftViewingRestriction,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): InsuredPersonEvent[] {
  if (!state.viewingRestriction) {
    return refuse('NOT_RESTRICTED', 'R30', 'no viewing restriction is in force');
  }
  if (data.liftedOn < state.viewingRestriction.filedOn) {
    refuse(
      'NOT_RESTRICTED',
      'R30',
      `the restriction was filed on ${state.viewingRestriction.filedOn}, after ${data.liftedOn}`,
    );
  }
  // A lift names what it lifts: one of another scope would record a restriction never filed as ended.
  if (data.scope !== state.viewingRestriction.scope) {
    refuse(
      'RESTRICTION_SCOPE_DIFFERS',
      'R30',
      `the restriction in force is ${state.viewingRestriction.scope}, not ${data.scope}`,
    );
  }
  const lifted = event('ViewingRestrictionLifted', data);
  return [lifted, ...revokedForWorkingCard(evolve(state, lifted), data.liftedOn, policy)];
}

/** "Just in case" is no reason: recognition needs one of the categories of DOMAIN.md §4 (R22). */
export function recognizeCareNeeds({ data }: RecognizeCareNeeds, state: InsuredPersonState): CareNeedsRecognized[] {
  if (!careNeedsCategories.includes(data.category)) {
    refuse('CARE_NEEDS_CATEGORY_REQUIRED', 'R22', `care needs need a category: ${careNeedsCategories.join(', ')}`);
  }
  requireCoveredOn(state, data.recognizedOn, 'R22', 'a care-needs recognition');
  if (state.careNeeds) {
    refuse('CARE_NEEDS_ALREADY_RECOGNIZED', 'R22', `care needs are recognized since ${state.careNeeds.recognizedOn}`);
  }
  const overlapped = state.careNeedsPeriods.find(({ endedOn }) => endedOn !== undefined && endedOn > data.recognizedOn);
  if (overlapped) {
    refuse(
      'CARE_NEEDS_ALREADY_RECOGNIZED',
      'R22',
      `care needs were recognized from ${overlapped.recognizedOn} until ${overlapped.endedOn}: a recognition on ${data.recognizedOn} would overlap it`,
    );
  }
  return [event('CareNeedsRecognized', data)];
}

export function endCareNeeds({ data }: EndCareNeeds, state: InsuredPersonState): CareNeedsEnded[] {
  if (!state.careNeeds || data.endedOn < state.careNeeds.recognizedOn) {
    return refuse('CARE_NEEDS_NOT_RECOGNIZED', 'R22', `no care needs are recognized on ${data.endedOn}`);
  }
  if (data.category !== state.careNeeds.category) {
    refuse(
      'CARE_NEEDS_CATEGORY_DIFFERS',
      'R22',
      `the care needs recognized are ${state.careNeeds.category}, not ${data.category}`,
    );
  }
  return [event('CareNeedsEnded', data)];
}
