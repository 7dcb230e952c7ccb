import { foldEvents } from './decide';
import { detailsOn } from './details-on';
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
