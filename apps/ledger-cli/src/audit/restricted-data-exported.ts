import { type RestrictedDataExported, restrictedExportsStream } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';

/** Appended before any protected row is written, so that no export of restricted data goes unrecorded. */
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
