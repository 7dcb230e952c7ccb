import { calendarDate as d } from '../calendar';
import { ageBandOn, burdenRatiosAllowed, isAged70OrOver } from './burden-ratio';

describe('age bands of the burden ratio', () => {
  it('R4: preschool lasts until the first 31 March after attaining 6', () => {
    expect(ageBandOn(d('2019-06-15'), d('2026-03-31'))).toBe('preschool');
    expect(ageBandOn(d('2019-06-15'), d('2026-04-01'))).toBe('under-70');
    // Born on 2 April: attains 6 on 1 April, so preschool runs to the following 31 March.
    expect(ageBandOn(d('2019-04-02'), d('2026-03-31'))).toBe('preschool');
    expect(ageBandOn(d('2019-04-01'), d('2025-03-31'))).toBe('preschool');
    expect(ageBandOn(d('2019-04-01'), d('2025-04-01'))).toBe('under-70');
  });

  it('R4: the 70-74 band starts on the first of the month after attaining 70', () => {
    expect(ageBandOn(d('1955-06-15'), d('2025-06-30'))).toBe('under-70');
    expect(ageBandOn(d('1955-06-15'), d('2025-07-01'))).toBe('70-to-74');
    // Born on the 1st: attains 70 on the last day of the previous month.
    expect(ageBandOn(d('1955-06-01'), d('2025-06-01'))).toBe('70-to-74');
    expect(isAged70OrOver(d('1955-06-01'), d('2025-05-31'))).toBe(false);
  });

  it('R4: late-elderly from the 75th birthday, with 10, 20 or 30 percent', () => {
    expect(ageBandOn(d('1950-06-15'), d('2025-06-14'))).toBe('70-to-74');
    expect(ageBandOn(d('1950-06-15'), d('2025-06-15'))).toBe('75-and-over');
    expect(burdenRatiosAllowed(d('1950-06-15'), d('2025-06-15'), 'national-health-insurance')).toEqual([10, 20, 30]);
    expect(burdenRatiosAllowed(d('1980-06-15'), d('2025-06-15'), 'national-health-insurance')).toEqual([30]);
  });

  it('R4: under 70 is normally 30, but a late-elderly scheme member before 75 (recognised with a disability) pays 10, 20 or 30', () => {
    expect(burdenRatiosAllowed(d('1957-01-01'), d('2025-01-01'), 'late-elderly')).toEqual([10, 20, 30]);
    expect(burdenRatiosAllowed(d('1957-01-01'), d('2025-01-01'), 'employee')).toEqual([30]);
  });
});
