import { type InsuredPersonCommand, type InsurerNumber, type PersonId } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';

/** How a command reached the ledger: an HTTP command, a line of an HTTP batch, or an offline import. */
export type Channel = 'api' | 'batch' | 'import';

/** Who sent a command: the key's id and role, never the key. */
export interface Actor {
  readonly keyId: string;
  readonly role: string;
}

export interface CommandRequest {
  readonly insurerNumber: InsurerNumber;
  readonly personId: PersonId;
  readonly command: InsuredPersonCommand;
  /** The client's key for this request: a repeat with the same request is answered, not applied again. */
  readonly idempotencyKey: string;
  /** If-Match: the stream revision the client saw; absent, the revision the handler read. */
  readonly expectedRevision?: number;
  readonly actor: Actor;
  readonly channel: Channel;
  readonly correlationId: string;
  readonly causationId?: string;
}

export interface CommandOutcome {
  readonly stream: string;
  readonly events: readonly RecordedEvent[];
  /** The stream's revision after the command: every command that is answered wrote at least one event. */
  readonly revision: number;
  /** Global position of the last event written; what Ledger-Min-Position waits for. */
  readonly position: number;
  /** True when this answer is an earlier one, repeated for the same Idempotency-Key. */
  readonly repeated: boolean;
}
