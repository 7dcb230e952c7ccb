import { calendarDate, type CalendarDate } from '../calendar';
import { type InsuranceScheme } from '../identifiers';

export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

/**
 * The dates and limits that the law or each insurer sets (DOMAIN.md §8). Decisions read them
 * from here, so an insurer configures them instead of patching rules.
 */
export interface LedgerPolicy {
  /** First day without new legacy cards (R10). */
  readonly cutover: CalendarDate;
  /** Last day any legacy card valid at the cutover may be used (R11). */
  readonly legacyCardLastValidDay: CalendarDate;
  /** Earlier last days per scheme (R11; seed 001: late-elderly 2025-07-31). */
  readonly legacyCardLastValidDayByScheme: Readonly<Partial<Record<InsuranceScheme, CalendarDate>>>;
  /**
   * Last day of a scheme's exception under which every member is owed an eligibility certificate,
   * registered card or not, as R20 owes one to a person without (§8: the national exception for
   * late-elderly members ran until 2026-07-31).
   */
  readonly certificatesForAllUntil: Readonly<Partial<Record<InsuranceScheme, CalendarDate>>>;
  /** Longest validity of an eligibility certificate (R26). */
  readonly certificateMaxValidityYears: number;
  /** Yearly bulk renewal per scheme (R21 deferral); a scheme without one defers to the legacy card's end. */
  readonly bulkRenewal: Readonly<Partial<Record<InsuranceScheme, MonthDay>>>;
  /** Window after the request in which a registration cancellation takes effect (R35). */
  readonly cancellationDelayMonths: { readonly min: number; readonly max: number };
}

export const defaultPolicy: LedgerPolicy = {
  cutover: calendarDate('2024-12-02'),
  legacyCardLastValidDay: calendarDate('2025-12-01'),
  legacyCardLastValidDayByScheme: { 'late-elderly': calendarDate('2025-07-31') },
  certificatesForAllUntil: { 'late-elderly': calendarDate('2026-07-31') },
  certificateMaxValidityYears: 5,
  bulkRenewal: {
    'national-health-insurance': { month: 8, day: 1 },
    'late-elderly': { month: 8, day: 1 },
  },
  cancellationDelayMonths: { min: 1, max: 2 },
};
