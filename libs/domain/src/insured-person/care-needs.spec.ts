import { defaultPolicy } from '../policy';
import { hasCareNeedsOn } from './coverage';
import { foldEvents } from './decide';
import { event } from './events';
import { documentsDue } from './obligations';
import { acquired, careNeedsRecognized, given, on, registered } from './person.test-kit';

const recognize = (category: string) => ({
  type: 'RecognizeCareNeeds' as const,
  data: { recognizedOn: on('2025-07-01'), category: category as never },
});

describe('care needs', () => {
  it('R22: recognition with a category is accepted', () => {
    given([acquired()])
      .when(recognize('companion-needed'))
      .then([careNeedsRecognized(on('2025-07-01'))]);
  });

  it('R22: an application without a category ("just in case") is refused', () => {
    given([acquired()]).when(recognize('just-in-case')).thenRefuses('CARE_NEEDS_CATEGORY_REQUIRED', 'R22');
    given([acquired()])
      .when(recognize(undefined as never))
      .thenRefuses('CARE_NEEDS_CATEGORY_REQUIRED', 'R22');
  });

  it('R22: is recognized once, for a covered person', () => {
    given([acquired(), careNeedsRecognized(on('2025-07-01'))])
      .when(recognize('companion-needed'))
      .thenRefuses('CARE_NEEDS_ALREADY_RECOGNIZED', 'R22');
    given([]).when(recognize('facility')).thenRefuses('NOT_QUALIFIED', 'R22');
  });

  it('R22: a recognition dated before earlier care needs ended is refused: the two would overlap', () => {
    const ended = event('CareNeedsEnded', { endedOn: on('2026-01-01'), category: 'companion-needed' });
    const recognizedAndEnded = [acquired(), careNeedsRecognized(on('2025-07-01')), ended];
    for (const recognizedOn of ['2025-09-01', '2025-05-01']) {
      given(recognizedAndEnded)
        .when({ ...recognize('facility'), data: { ...recognize('facility').data, recognizedOn: on(recognizedOn) } })
        .thenRefuses('CARE_NEEDS_ALREADY_RECOGNIZED', 'R22');
    }
    const again = { ...recognize('facility'), data: { ...recognize('facility').data, recognizedOn: on('2026-01-01') } };
    given(recognizedAndEnded)
      .when(again)
      .then([event('CareNeedsRecognized', again.data)]);
  });

  it('R22: ending recognized care needs is accepted; ending none is refused', () => {
    const data = { endedOn: on('2026-01-01'), category: 'companion-needed' as const };
    given([acquired(), careNeedsRecognized(on('2025-07-01'))])
      .when({ type: 'EndCareNeeds', data })
      .then([event('CareNeedsEnded', data)]);
    given([acquired()]).when({ type: 'EndCareNeeds', data }).thenRefuses('CARE_NEEDS_NOT_RECOGNIZED', 'R22');
  });

  it('R22: an end of another category than the care needs recognized is refused', () => {
    given([acquired(), careNeedsRecognized(on('2025-07-01'))])
      .when({ type: 'EndCareNeeds', data: { endedOn: on('2026-01-01'), category: 'facility' } })
      .thenRefuses('CARE_NEEDS_CATEGORY_DIFFERS', 'R22');
  });

  it('R22: care needs may end on the day they were recognized, not before it', () => {
    const endedOn = (day: string) => ({ endedOn: on(day), category: 'companion-needed' as const });
    const recognized = [acquired(), careNeedsRecognized(on('2025-07-01'))];
    given(recognized)
      .when({ type: 'EndCareNeeds', data: endedOn('2025-07-01') })
      .then([event('CareNeedsEnded', endedOn('2025-07-01'))]);
    given(recognized)
      .when({ type: 'EndCareNeeds', data: endedOn('2025-06-30') })
      .thenRefuses('CARE_NEEDS_NOT_RECOGNIZED', 'R22');
  });
});

describe('care needs over time', () => {
  const ended = event('CareNeedsEnded', { endedOn: on('2026-03-31'), category: 'companion-needed' });
  const history = [acquired(), registered(on('2023-05-01')), careNeedsRecognized(on('2025-07-01')), ended];

  it('R22, R42: once ended, care needs still show for the dates they held', () => {
    const state = foldEvents(history);
    expect(hasCareNeedsOn(state, on('2025-06-30'))).toBe(false);
    expect(hasCareNeedsOn(state, on('2025-07-01'))).toBe(true);
    expect(hasCareNeedsOn(state, on('2026-03-30'))).toBe(true);
    expect(hasCareNeedsOn(state, on('2026-03-31'))).toBe(false);
  });

  it('R22, R42: a certificate was owed on the dates they held, and no longer once they ended', () => {
    const state = foldEvents(history);
    expect(documentsDue(state, on('2026-03-30'), defaultPolicy)).toEqual([
      expect.objectContaining({ rule: 'R22', occasion: 'care-needs', dueOn: '2025-07-01' }),
    ]);
    expect(documentsDue(state, on('2026-03-31'), defaultPolicy)).toEqual([]);
  });
});
