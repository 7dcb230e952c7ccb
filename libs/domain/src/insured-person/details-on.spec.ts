import { type BranchNumber, type InsuredNumber, type InsuredSymbol } from '../identifiers';
import { foldEvents } from './decide';
import { detailsHeld, detailsOn } from './details-on';
import { event } from './events';
import { acquired, on } from './person.test-kit';

describe('details on a date (valid time)', () => {
  const moved = event('QualificationDetailsChanged', { effectiveOn: on('2025-06-01'), address: '京都府亀岡市1-1' });
  // Reported after the move, but effective before it.
  const lateRatioChange = event('QualificationDetailsChanged', { effectiveOn: on('2025-04-01'), burdenRatio: 20 });
  const state = foldEvents([acquired({ birthDate: on('1950-01-10') }), moved, lateRatioChange]);

  it('answers the enrolment details before any change took effect', () => {
    expect(detailsOn(state, on('2025-03-31'))).toMatchObject({ burdenRatio: 30 });
    expect(detailsOn(state, on('2025-03-31'))?.address).toBeUndefined();
  });

  it('applies each change from its own effective date, late reports included', () => {
    expect(detailsOn(state, on('2025-04-01'))).toMatchObject({ burdenRatio: 20 });
    expect(detailsOn(state, on('2025-04-01'))?.address).toBeUndefined();
    expect(detailsOn(state, on('2025-06-01'))).toMatchObject({ burdenRatio: 20, address: '京都府亀岡市1-1' });
  });

  it('keeps the details of the latest effective date as the current qualification, whatever the order of reports', () => {
    expect(state.qualification).toMatchObject({ burdenRatio: 20, address: '京都府亀岡市1-1' });
    const lateEarlierAddress = event('QualificationDetailsChanged', {
      effectiveOn: on('2025-05-01'),
      address: '東京都新宿区1-1',
    });
    expect(foldEvents([acquired(), moved, lateEarlierAddress]).qualification?.address).toBe('京都府亀岡市1-1');
    expect(detailsOn(foldEvents([]), on('2025-01-01'))).toBeUndefined();
  });
});

describe('details on a date when the person enrolled twice with the same insurer (R42)', () => {
  const lost = (lostOn: string) => event('QualificationLost', { lostOn: on(lostOn), reason: 'other' });
  const first = acquired({ acquiredOn: on('2020-04-01'), number: 'N1' as InsuredNumber, burdenRatio: 30 });
  const again = acquired({ acquiredOn: on('2023-04-01'), number: 'N2' as InsuredNumber, burdenRatio: 20 });
  const state = foldEvents([first, lost('2022-04-01'), again]);

  it('R42: answers a date in the first period from the first enrolment, not the latest one', () => {
    expect(detailsOn(state, on('2021-01-01'))).toMatchObject({
      number: 'N1',
      burdenRatio: 30,
      acquiredOn: '2020-04-01',
    });
    expect(detailsOn(state, on('2023-04-01'))).toMatchObject({ number: 'N2', burdenRatio: 20 });
  });

  it('R42: answers a date between the periods from the period that ended, and before enrolment from the first', () => {
    expect(detailsOn(state, on('2022-04-01'))).toMatchObject({ number: 'N1' });
    expect(detailsOn(state, on('2023-03-31'))).toMatchObject({ number: 'N1' });
    expect(detailsOn(state, on('2019-01-01'))).toMatchObject({ number: 'N1' });
  });

  it('R42: keeps a change of details in the first period in the first period', () => {
    const moved = event('QualificationDetailsChanged', { effectiveOn: on('2021-06-01'), address: '京都府亀岡市1-1' });
    const reEnrolled = foldEvents([first, moved, lost('2022-04-01'), again]);
    expect(detailsOn(reEnrolled, on('2021-06-01'))?.address).toBe('京都府亀岡市1-1');
    expect(detailsOn(reEnrolled, on('2023-04-01'))?.address).toBeUndefined();
    expect(reEnrolled.qualification?.address).toBeUndefined();
  });

  it('R42: files a late report of a change in the first period under the first period, not the current one', () => {
    const lateMove = event('QualificationDetailsChanged', {
      effectiveOn: on('2021-06-01'),
      address: '京都府亀岡市1-1',
    });
    const reported = foldEvents([first, lost('2022-04-01'), again, lateMove]);
    expect(detailsOn(reported, on('2021-06-01'))?.address).toBe('京都府亀岡市1-1');
    expect(detailsOn(reported, on('2024-01-01'))?.address).toBeUndefined();
    expect(reported.qualification?.address).toBeUndefined();
  });
});

describe('details held over valid time', () => {
  it('R42: lists the details from each effective date, a late report of an earlier change included', () => {
    const state = foldEvents([
      acquired({ symbol: 'S0' as InsuredSymbol, number: 'A' as InsuredNumber, branch: '00' as BranchNumber }),
      event('QualificationDetailsChanged', { effectiveOn: on('2025-10-01'), number: 'B' as InsuredNumber }),
      event('QualificationDetailsChanged', { effectiveOn: on('2025-04-01'), symbol: 'S1' as InsuredSymbol }),
    ]);
    expect(detailsHeld(state).map(({ symbol, number }) => `${symbol}/${number}`)).toEqual(['S0/A', 'S1/B', 'S1/A']);
  });
});
