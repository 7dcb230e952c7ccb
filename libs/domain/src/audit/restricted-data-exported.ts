import { type CalendarDate } from '../calendar';
import { type InsurerNumber } from '../identifiers';

/**
 * Recorded before any protected row leaves the ledger: who exported restricted persons' data, of
 * which insurer and period, and why. It is in no person's stream (`restrictedExportsStream`); the
 * insurer's audit trail shows it.
 */
export interface RestrictedDataExported {
  readonly type: 'RestrictedDataExported';
  readonly data: {
    readonly insurerNumber: InsurerNumber;
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly format: string;
    readonly actor: string;
    readonly reason: string;
  };
}
