import { passes } from './event-filter';

describe('the filter a store applies itself (the EventStoreDB adapter)', () => {
  it('lets a stream through by a prefix of its name, not by a part of it', () => {
    const filter = { streamPrefixes: ['insured-123455-', 'a-'] };
    expect(passes('QualificationAcquired', 'insured-123455-P1', filter)).toBe(true);
    expect(passes('QualificationAcquired', 'a-1', filter)).toBe(true);
    expect(passes('QualificationAcquired', 'xa-1', filter)).toBe(false);
    expect(passes('QualificationAcquired', 'insured-06050116-P1', filter)).toBe(false);
  });

  it('lets every event through without a filter or with empty lists, and only the types asked otherwise', () => {
    for (const filter of [undefined, {}, { eventTypes: [] }, { streamPrefixes: [] }]) {
      expect(passes('CardRegistered', 's-1', filter)).toBe(true);
    }
    expect(passes('CardRegistered', 's-1', { eventTypes: ['QualificationAcquired'] })).toBe(false);
    expect(passes('QualificationAcquired', 's-1', { eventTypes: ['QualificationAcquired'] })).toBe(true);
  });
});
