import {
  type InsurerNumber,
  insuredPersonStream,
  isWrittenMyNumber,
  isRecord,
  parsePersonStream,
  type PersonId,
} from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';

/**
 * A replay file leaves the ledger, and every table of it is keyed by the ids of the log. An id that
 * is a My Number (written before ids were checked, or by another writer; DOMAIN.md §3.3) is shown
 * there by a pseudonym, `redacted-<random UUID>` (45 characters, a valid id that no id of the log
 * is but by a chance of 2^-122): the same one for the same id throughout the
 * file, so the person's rows still belong together, and a new one in each replay, so that no two
 * files can be joined on it. Random rather than a hash of the id: a hash of one of 10^11 numbers is
 * reversed by trying them all. The events are renamed before any projection sees them, so every
 * table, and every state's documents, holds the pseudonym alone.
 */
export class MyNumberIdPseudonyms {
  private readonly pseudonyms = new Map<string, string>();
  private readonly eventIds = new Map<string, string>();

  /**
   * The event with its person's id and its `documentId` replaced where they are a My Number; otherwise
   * itself. Such a person's event ids go too, and a correction's `correctedEventId` with them: the
   * ledger derives them from the stream name (ADR 0005), so each would be a hash of the My Number.
   */
  of(event: RecordedEvent): RecordedEvent {
    const person = parsePersonStream(event.stream);
    const personId = person ? this.shown(person.personId) : undefined;
    const data = event.data;
    const documentId = isRecord(data) && typeof data.documentId === 'string' ? this.shown(data.documentId) : undefined;
    if (!personId && !documentId) return event;
    const correctedEventId =
      personId && isRecord(data) && typeof data.correctedEventId === 'string'
        ? this.eventIdFor(data.correctedEventId)
        : undefined;
    return {
      ...event,
      id: personId ? this.eventIdFor(event.id) : event.id,
      stream: personId
        ? insuredPersonStream(person!.insurerNumber as InsurerNumber, personId as PersonId)
        : event.stream,
      data:
        documentId || correctedEventId
          ? {
              ...(data as Record<string, unknown>),
              ...(documentId && { documentId }),
              ...(correctedEventId && { correctedEventId }),
            }
          : data,
    };
  }

  private eventIdFor(id: string): string {
    let renamed = this.eventIds.get(id);
    if (!renamed) this.eventIds.set(id, (renamed = randomUUID()));
    return renamed;
  }

  /** The pseudonyms given so far. */
  given(): readonly string[] {
    return [...this.pseudonyms.values()];
  }

  private shown(id: string): string | undefined {
    if (!isWrittenMyNumber(id)) return undefined;
    let pseudonym = this.pseudonyms.get(id);
    if (!pseudonym) this.pseudonyms.set(id, (pseudonym = `redacted-${randomUUID()}`));
    return pseudonym;
  }
}
