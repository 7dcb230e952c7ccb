import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type AccessRecorder, type Principal, viewFor, showsHistoryEntry } from '@ledger/access';
import {
  type CalendarDate,
  type DocumentId,
  type LedgerPolicy,
  detailsOn,
  type Instant,
  type InsuredPersonState,
  insuredPersonStream,
  type InsurerNumber,
  parsePersonStream,
  type PersonId,
  type PersonView,
} from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';
import {
  auditTrailOf,
  documentsOn,
  type LiveReadModels,
  personState,
  personStateAsKnownAt,
  qualificationOn,
  streamsHoldingDocument,
} from '@ledger/projections';
import { LEDGER_POLICY } from '../configuration/policy';
import { EVENT_STORE } from '../event-store/event-store.module';
import { LIVE_READ_MODELS } from '../projections/projections.module';
import { actorOf } from '../read-side/actor';
import { today } from '@ledger/ledger';
import { ACCESS_RECORDER } from '../read-side/tokens';

interface Person {
  readonly insurerNumber: InsurerNumber;
  readonly personId: PersonId;
  readonly stream: string;
  readonly state: InsuredPersonState;
}

/**
 * A staff member's reads of one person: each passes the viewing-restriction filter and is recorded
 * as a `PersonLookedUp` access event in the person's stream (R40) before it is answered.
 */
@Injectable()
export class PersonReads {
  constructor(
    @Inject(LIVE_READ_MODELS) private readonly readModels: LiveReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ACCESS_RECORDER) private readonly recorder: AccessRecorder,
    @Inject(LEDGER_POLICY) private readonly policy: LedgerPolicy,
  ) {}

  async qualification(
    principal: Principal,
    insurerNumber: InsurerNumber,
    personId: PersonId,
    on: CalendarDate,
    asKnownAt?: Instant,
  ) {
    const person = await this.person(insurerNumber, personId, asKnownAt);
    const view = qualificationOn(person.state, on)!;
    const details = detailsOn(person.state, on)!;
    const answer = {
      personId,
      ...view,
      name: details.name,
      ...(details.nameKana !== undefined && { nameKana: details.nameKana }),
      birthDate: details.birthDate,
      ...(details.sex !== undefined && { sex: details.sex }),
      ...(details.address !== undefined && { address: details.address }),
      ...(asKnownAt !== undefined && { asKnownAt }),
    };
    return this.answer(principal, person, 'qualification', answer);
  }

  async documents(principal: Principal, insurerNumber: InsurerNumber, personId: PersonId, on: CalendarDate) {
    const person = await this.person(insurerNumber, personId);
    return this.answer(principal, person, 'documents', {
      personId,
      on,
      ...documentsOn(person.state, on, this.policy),
    });
  }

  async auditTrail(principal: Principal, insurerNumber: InsurerNumber, personId: PersonId) {
    const person = await this.person(insurerNumber, personId);
    const subject = this.subject(person);
    const entries = [...auditTrailOf(this.readModels.db, person.stream)].filter((entry) =>
      showsHistoryEntry(principal, subject, entry),
    );
    return this.answer(principal, person, 'audit-trail', { personId, entries });
  }

  /**
   * A document found by its id alone: 404 if no person within the key's scope holds it, in the same
   * words as for an id no one holds, so that a clerk learns nothing of another insurer's documents;
   * 409 naming them if several persons within the scope do (ids are the insurer's own).
   */
  async document(principal: Principal, documentId: DocumentId, on: CalendarDate) {
    const holders = streamsHoldingDocument(this.readModels.db, documentId).flatMap((stream) => {
      const owner = parsePersonStream(stream);
      return owner ? [{ stream, ...owner }] : [];
    });
    const mine = holders.filter(
      ({ insurerNumber }) =>
        principal.role !== 'insurer-clerk' || (principal.insurers ?? []).some((insurer) => insurer === insurerNumber),
    );
    if (mine.length === 0) throw new NotFoundException(`no document ${documentId} was issued`);
    if (mine.length > 1) {
      const named = mine.map(({ insurerNumber, personId }) => `${insurerNumber}/${personId}`).join(', ');
      throw new ConflictException({
        message: `document ${documentId} was issued to ${mine.length} persons (${named}): ask for it under /v1/insurers/{insurerNumber}/persons/{personId}/documents`,
        code: 'DOCUMENT_ID_AMBIGUOUS',
      });
    }
    const [holder] = mine;
    const person = await this.person(holder!.insurerNumber as InsurerNumber, holder!.personId as PersonId);
    const document = documentsOn(person.state, on, this.policy).documents.find(
      (each) => each.documentId === documentId,
    );
    if (!document) {
      // The person's record was read to tell when the document was not yet issued (R40).
      await this.recordLookup(principal, person, 'document');
      throw new NotFoundException(`document ${documentId} was not issued by ${on}`);
    }
    return this.answer(principal, person, 'document', {
      insurerNumber: person.insurerNumber,
      personId: person.personId,
      on,
      ...document,
    });
  }

  private async person(insurerNumber: InsurerNumber, personId: PersonId, asKnownAt?: Instant): Promise<Person> {
    const stream = insuredPersonStream(insurerNumber, personId);
    const state = asKnownAt
      ? await personStateAsKnownAt(this.store, stream, asKnownAt)
      : personState(this.readModels.db, stream);
    if (!state?.qualification) {
      throw new NotFoundException(
        `insurer ${insurerNumber} has no person ${personId}${asKnownAt ? ` as known at ${asKnownAt}` : ''}`,
      );
    }
    return { insurerNumber, personId, stream, state };
  }

  private subject(person: Person) {
    // A restriction filed for a later date already protects the person: fail closed.
    return { insurerNumber: person.insurerNumber, restricted: person.state.viewingRestriction !== undefined };
  }

  private async answer<T>(principal: Principal, person: Person, view: PersonView, value: T): Promise<T> {
    await this.recordLookup(principal, person, view);
    return viewFor(principal, this.subject(person), value);
  }

  private recordLookup(principal: Principal, person: Person, view: PersonView): Promise<void> {
    return this.recorder.record({
      stream: person.stream,
      type: 'PersonLookedUp',
      data: { lookedUpOn: today(), view },
      metadata: { actor: actorOf(principal, person.insurerNumber), channel: 'api' },
    });
  }
}
