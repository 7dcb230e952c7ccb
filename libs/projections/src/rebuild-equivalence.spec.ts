import Database from 'better-sqlite3';
import {
  calendarDate,
  type CalendarDate,
  DomainError,
  type EventId,
  insuredPersonDecider,
  type InsuredPersonCommand,
  type InsuredPersonState,
  storedEvent,
} from '@ledger/domain';
import { type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import fc from 'fast-check';
import { Checkpoints } from './checkpoints';
import { EligibilityIndexProjection } from './eligibility/eligibility-index.projection';
import { Projector } from './projector';
import { QualificationProjection } from './qualification/qualification.projection';
import { readModelChecksums } from './table-checksum';

const decider = insuredPersonDecider();
const projections = () => {
  const qualification = new QualificationProjection();
  return [qualification, new EligibilityIndexProjection(qualification)];
};
const day = (offset: number) =>
  calendarDate(new Date(Date.UTC(2024, 3, 1) + offset * 86_400_000).toISOString().slice(0, 10));

const enrolment = (acquiredOn: CalendarDate, number: string) => ({
  number: number as never,
  relationship: 'insured' as const,
  acquiredOn,
  burdenRatio: 30 as const,
  birthDate: calendarDate('1980-05-10'),
  name: '山田 太郎',
});

/**
 * Commands a clerk could send for one person; refused ones are simply not written. Corrections name
 * the last enrolment or loss by the id the store gave it, and may take back numbers the index holds.
 */
const commandFor = (kind: number, offset: number, state: InsuredPersonState): InsuredPersonCommand => {
  const on = day(offset);
  const last = state.periods.at(-1);
  switch (kind % 8) {
    case 0:
      return { type: 'AcquireQualification', data: { insurerNumber: '123455' as never, ...enrolment(on, 'N1') } };
    case 6:
      return {
        type: 'CorrectQualificationAcquired',
        data: { correctedEventId: last?.enrolmentEventId as EventId, ...enrolment(day(offset - 30), `C${offset}`) },
      };
    case 7:
      return {
        type: 'CorrectQualificationLost',
        data: { correctedEventId: last?.lossEventId as EventId, lostOn: day(offset - 10), reason: 'other' },
      };
    case 1:
      return { type: 'RegisterCard', data: { registeredOn: on, channel: 'portal' } };
    case 2:
      // Some changes give new numbers: the eligibility index derives its rows from the folded state.
      return offset % 3 === 0
        ? { type: 'ChangeQualificationDetails', data: { effectiveOn: on, number: `N${offset}` as never } }
        : { type: 'ChangeQualificationDetails', data: { effectiveOn: on, address: `住所 ${offset}` } };
    case 3:
      return {
        type: 'RequestRegistrationCancellation',
        data: { requestedOn: on, applicant: 'self', identityDocumentChecked: true, powerOfAttorney: false },
      };
    case 4:
      return { type: 'RecognizeCareNeeds', data: { recognizedOn: on, category: 'facility' } };
    default:
      return { type: 'LoseQualification', data: { lostOn: on, reason: 'moved-out' } };
  }
};

async function writeHistory(store: SqliteEventStore, persons: readonly (readonly number[])[]): Promise<void> {
  for (const [person, kinds] of persons.entries()) {
    let state: InsuredPersonState = decider.initialState;
    for (const [step, kind] of kinds.entries()) {
      try {
        const events = decider.decide(commandFor(kind, step * 20, state), state);
        const appended = await store.append(
          `insured-123455-P${person}`,
          events.map(({ type, data }) => ({ type, data })),
          'any',
        );
        state = appended.events.map(storedEvent).reduce(decider.evolve, state);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
}

/** A projector that throws what stops it, instead of stopping quietly at its checkpoint. */
const failing = {
  name: 'read-models',
  onFailure: (error: unknown) => {
    throw error;
  },
};

describe('rebuild from zero equals incremental application', () => {
  it('gives the same read model whatever the batch sizes and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat({ max: 7 }), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 15 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        async (persons, batchSizes) => {
          const store = new SqliteEventStore({ path: ':memory:' });
          await writeHistory(store, [[0, ...persons[0]!], ...persons.slice(1)]);
          const events: RecordedEvent[] = [];
          for await (const event of store.readAll()) events.push(event);

          const incremental = new Database(':memory:');
          let offset = 0;
          for (let index = 0; offset < events.length; index += 1) {
            // A new projector each batch: a restart between every two transactions.
            const size = batchSizes[index % batchSizes.length]!;
            new Projector(store, incremental, projections(), failing).apply(
              events.slice(Math.max(0, offset - 1), offset + size),
            );
            offset += size;
          }
          const fromZero = new Database(':memory:');
          const rebuilt = new Projector(store, fromZero, projections(), failing);
          rebuilt.apply(events);

          // Both applied every event: two read models left empty by failures would be equal too.
          expect(rebuilt.checkpoint).toBe(events.at(-1)!.position);
          expect(new Checkpoints(incremental).positionOf('read-models')).toBe(events.at(-1)!.position);
          expect(fromZero.prepare('SELECT count(*) AS n FROM person_states').get()).toEqual({
            n: new Set(events.map((event) => event.stream)).size,
          });
          expect(readModelChecksums(incremental)).toEqual(readModelChecksums(fromZero));
          incremental.close();
          fromZero.close();
          await store.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});
