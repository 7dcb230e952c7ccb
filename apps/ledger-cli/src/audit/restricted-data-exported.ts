import { type CalendarDate, type InsurerNumber } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';

/**
 * Recorded before any protected row leaves the ledger: who exported restricted persons' data,
 * of which insurer and period, and why. Its stream is not a person's, so the projections skip it
 * (counted as an unknown type, never fatal); the audit trail of exports is this stream itself.
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

export const restrictedExportsStream = (insurerNumber: InsurerNumber): string => `restricted-exports-${insurerNumber}`;

export async function recordRestrictedDataExported(
  store: EventStore,
  exported: RestrictedDataExported['data'],
): Promise<number> {
  const { position } = await store.append(
    restrictedExportsStream(exported.insurerNumber),
    [{ type: 'RestrictedDataExported', data: exported, metadata: { actor: exported.actor, channel: 'ledger-cli' } }],
    'any',
  );
  return position;
}
