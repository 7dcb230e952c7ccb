import Database from 'better-sqlite3';
import {
  decide,
  DomainError,
  evolve,
  initialState,
  type Instant,
  type InsuredPersonCommand,
  type InsuredPersonEvent,
  type InsurerNumber,
  type LedgerPolicy,
  storedEvent,
} from '@ledger/domain';
import { type ExpectedRevision, SqliteEventStore } from '@ledger/event-store';
import { personStateAsKnownAt } from '../as-known-at';
import { AuditTrailProjection, auditTrailOf } from '../audit/audit-trail.projection';
import { documentsOn, documentStateOn } from '../documents/documents-view';
import { Projector } from '../projector';
import { personState, QualificationProjection } from '../qualification/qualification.projection';
import { qualificationOn } from '../qualification/qualification-view';
import { certificatesDue, legacyCardsLapsing } from '../worklists/worklists';
import { doc, on, type Person, type Provenance, streamOf } from './scenario-fixtures.test-kit';

export * from './scenario-fixtures.test-kit';

/**
 * A ledger as the service runs it, in memory: each command is decided on the person's stream as
 * the store holds it, appended with its provenance, and followed by the real projector; the
 * questions then go to the read models it keeps.
 */
export class ScenarioLedger {
  readonly store: SqliteEventStore;
  readonly db = new Database(':memory:');
  private readonly projector: Projector;
  private now = new Date('2024-04-01T00:00:00.000Z');

  constructor(readonly policy: LedgerPolicy) {
    this.store = new SqliteEventStore({ path: ':memory:', clock: () => this.now });
    this.projector = new Projector(this.store, this.db, [new QualificationProjection(), new AuditTrailProjection()], {
      name: 'read-models',
      batchWindowMs: 1,
    });
    this.projector.start();
  }

  /** The store records what follows at this instant (transaction time, R42). */
  recordAt(instant: string): this {
    this.now = new Date(instant);
    return this;
  }

  async handle(who: Person, command: InsuredPersonCommand, provenance: Provenance): Promise<InsuredPersonEvent[]> {
    const { state, expected } = await this.fold(who);
    const events = decide(command, state, this.policy);
    const { position } = await this.store.append(
      streamOf(who),
      events.map(({ type, data }) => ({ type, data, metadata: provenance })),
      expected,
    );
    await this.projector.caughtUp(position);
    return events;
  }

  /** The refusal a command meets; fails unless it was refused and the log did not grow. */
  async refusal(who: Person, command: InsuredPersonCommand, provenance: Provenance): Promise<DomainError> {
    const head = await this.store.headPosition();
    let refusal: unknown;
    try {
      await this.handle(who, command, provenance);
    } catch (error) {
      refusal = error;
    }
    if (!(refusal instanceof DomainError)) throw new Error(`expected a refusal of ${command.type}`);
    expect(await this.store.headPosition()).toBe(head);
    return refusal;
  }

  qualificationOn(who: Person, date: string) {
    return qualificationOn(this.stateOf(who), on(date));
  }
  documentsOn(who: Person, date: string) {
    return documentsOn(this.stateOf(who), on(date), this.policy);
  }
  documentStateOn(who: Person, documentId: string, date: string) {
    const state = this.stateOf(who);
    const document = state.documents.get(doc(documentId));
    if (!document) throw new Error(`no document ${documentId}`);
    return documentStateOn(state, document, on(date), this.policy);
  }
  certificatesDue(insurerNumber: InsurerNumber, date: string) {
    return [...certificatesDue(this.db, insurerNumber, on(date), this.policy)];
  }
  legacyCardsLapsing(insurerNumber: InsurerNumber, from: string, to: string) {
    return [...legacyCardsLapsing(this.db, insurerNumber, on(from), on(to), this.policy)];
  }
  auditTrail(who: Person) {
    return [...auditTrailOf(this.db, streamOf(who))];
  }
  asKnownAt(who: Person, instant: string) {
    return personStateAsKnownAt(this.store, streamOf(who), instant as Instant);
  }

  async close(): Promise<void> {
    this.projector.stop();
    this.db.close();
    await this.store.close();
  }

  private stateOf(who: Person) {
    const state = personState(this.db, streamOf(who));
    if (!state) throw new Error(`the read model does not know ${who.personId}`);
    return state;
  }

  private async fold(who: Person) {
    let state = initialState;
    let expected: ExpectedRevision = 'no_stream';
    for await (const recorded of this.store.readStream(streamOf(who))) {
      state = evolve(state, storedEvent(recorded));
      expected = recorded.revision;
    }
    return { state, expected };
  }
}
