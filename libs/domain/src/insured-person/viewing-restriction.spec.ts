import { defaultPolicy } from '../policy';
import { isCardUsableOn, isRestrictedOn, needsConsiderationOn } from './coverage';
import { foldEvents } from './decide';
import { event } from './events';
import { documentsDue } from './obligations';
import { acquired, employeeInsurer, given, nhiInsurer, on, registered, restrictionFiled } from './person.test-kit';

const fileRestriction = (filedWith = nhiInsurer) => ({
  type: 'FileViewingRestriction' as const,
  data: { filedOn: on('2025-10-01'), scope: 'non-disclosure' as const, filedWith },
});
const registeredPerson = [acquired(), registered(on('2023-05-01'))];

describe('viewing restriction', () => {
  it('R30: filing it is accepted and blocks the card for insurance use', () => {
    given(registeredPerson)
      .when(fileRestriction())
      .then([restrictionFiled(on('2025-10-01'))]);
    const state = foldEvents([...registeredPerson, restrictionFiled(on('2025-10-01'))]);
    expect(isCardUsableOn(foldEvents(registeredPerson), on('2025-10-01'))).toBe(true);
    expect(isCardUsableOn(state, on('2025-10-01'))).toBe(false);
  });

  it('R30: a second filing while one is in force is refused', () => {
    given([...registeredPerson, restrictionFiled(on('2025-10-01'))])
      .when(fileRestriction())
      .thenRefuses('ALREADY_RESTRICTED', 'R30');
  });

  it('R30: a filing dated before an earlier restriction was lifted is refused: the two would overlap', () => {
    const liftedOn = event('ViewingRestrictionLifted', { liftedOn: on('2026-02-01'), scope: 'non-disclosure' });
    const filedAndLifted = [...registeredPerson, restrictionFiled(on('2025-10-01')), liftedOn];
    for (const filedOn of ['2025-11-01', '2025-09-01']) {
      given(filedAndLifted)
        .when({ ...fileRestriction(), data: { ...fileRestriction().data, filedOn: on(filedOn) } })
        .thenRefuses('ALREADY_RESTRICTED', 'R30');
    }
    given(filedAndLifted)
      .when({ ...fileRestriction(), data: { ...fileRestriction().data, filedOn: on('2026-02-01') } })
      .then([restrictionFiled(on('2026-02-01'))]);
  });

  it('R30: lifting it restores card use; lifting none is refused', () => {
    const data = { liftedOn: on('2026-02-01'), scope: 'non-disclosure' as const };
    const lifted = event('ViewingRestrictionLifted', data);
    given([...registeredPerson, restrictionFiled(on('2025-10-01'))])
      .when({ type: 'LiftViewingRestriction', data })
      .then([lifted]);
    expect(
      isCardUsableOn(foldEvents([...registeredPerson, restrictionFiled(on('2025-10-01')), lifted]), on('2026-02-01')),
    ).toBe(true);
    given(registeredPerson).when({ type: 'LiftViewingRestriction', data }).thenRefuses('NOT_RESTRICTED', 'R30');
    given([...registeredPerson, restrictionFiled(on('2025-10-01'))])
      .when({ type: 'LiftViewingRestriction', data: { ...data, liftedOn: on('2025-09-30') } })
      .thenRefuses('NOT_RESTRICTED', 'R30');
  });

  it('R30: a lift of another scope than the restriction in force is refused', () => {
    given([...registeredPerson, restrictionFiled(on('2025-10-01'))])
      .when({ type: 'LiftViewingRestriction', data: { liftedOn: on('2026-02-01'), scope: 'no-self-information' } })
      .thenRefuses('RESTRICTION_SCOPE_DIFFERS', 'R30');
  });

  it('R30, R42: once lifted, the restriction still shows for the dates it held, and again after a new filing', () => {
    const lifted = event('ViewingRestrictionLifted', { liftedOn: on('2026-02-01'), scope: 'non-disclosure' });
    const state = foldEvents([...registeredPerson, restrictionFiled(on('2025-10-01')), lifted]);
    expect(isRestrictedOn(state, on('2025-09-30'))).toBe(false);
    expect(isRestrictedOn(state, on('2025-10-01'))).toBe(true);
    expect(isRestrictedOn(state, on('2026-01-31'))).toBe(true);
    expect(isRestrictedOn(state, on('2026-02-01'))).toBe(false);
    expect(isCardUsableOn(state, on('2026-01-31'))).toBe(false);
    expect(documentsDue(state, on('2026-01-31'), defaultPolicy)).toEqual([
      expect.objectContaining({ rule: 'R23', dueOn: '2025-10-01' }),
    ]);
    expect(documentsDue(state, on('2026-02-01'), defaultPolicy)).toEqual([]);
    const refiled = foldEvents([
      ...registeredPerson,
      restrictionFiled(on('2025-10-01')),
      lifted,
      restrictionFiled(on('2026-05-01')),
    ]);
    expect(isRestrictedOn(refiled, on('2026-04-30'))).toBe(false);
    expect(isRestrictedOn(refiled, on('2026-05-01'))).toBe(true);
    expect(isRestrictedOn(refiled, on('2026-01-31'))).toBe(true);
  });

  it('R30: on the days before its filing the card was usable, and it is blocked from the filing day on', () => {
    // What the card was on each day; a clinic asking now about an earlier day gets more (R31, eligibility-answer.spec).
    const state = foldEvents([...registeredPerson, restrictionFiled(on('2025-10-01'))]);
    expect(isCardUsableOn(state, on('2025-09-30'))).toBe(true);
    expect(isCardUsableOn(state, on('2025-10-01'))).toBe(false);
    expect(isCardUsableOn(state, on('2026-10-01'))).toBe(false);
  });

  it('R32: a restriction filed with another insurer does not carry over', () => {
    given(registeredPerson).when(fileRestriction(employeeInsurer)).thenRefuses('RESTRICTION_FILED_ELSEWHERE', 'R32');
  });

  it("R32: a restriction is filed with the insurer of the person's stream", () => {
    given(registeredPerson)
      .when(fileRestriction(nhiInsurer))
      .then([restrictionFiled(on('2025-10-01'))]);
  });

  it('R33: a person without restriction or care needs does not count as needing consideration', () => {
    expect(needsConsiderationOn(foldEvents(registeredPerson), on('2025-10-01'))).toBe(false);
  });

  it('R33: a restricted person counts as needing consideration and is owed a certificate', () => {
    const state = foldEvents([...registeredPerson, restrictionFiled(on('2025-10-01'))]);
    expect(needsConsiderationOn(state, on('2025-10-01'))).toBe(true);
    expect(needsConsiderationOn(state, on('2025-09-30'))).toBe(false);
    expect(documentsDue(state, on('2025-10-01'), defaultPolicy)).toContainEqual(
      expect.objectContaining({
        documentType: 'eligibility-certificate',
        rule: 'R23',
        occasion: 'restriction',
        dueOn: '2025-10-01',
      }),
    );
  });

  it('is refused for a person not covered on the day of filing', () => {
    given([]).when(fileRestriction()).thenRefuses('NOT_QUALIFIED', 'R30');
  });
});
