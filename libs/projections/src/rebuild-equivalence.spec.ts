import Database from 'better-sqlite3';
import {
  calendarDate,
  DomainError,
  insuredPersonDecider,
  type InsuredPersonCommand,
  type InsuredPersonState,
} from '@ledger/domain';
import { type RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import fc from 'fast-check';
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

/** Commands a clerk could send for one person; refused ones are simply not written. */
const commandFor = (kind: number, offset: number): InsuredPersonCommand => {
  const on = day(offset);
  switch (kind % 6) {
    case 0:
      return {
        type: 'AcquireQualification',
        data: {
          insurerNumber: '123455' as never,
          number: 'N1' as never,
          relationship: 'insured',
          acquiredOn: on,
          burdenRatio: 30,
          birthDate: calendarDate('1980-05-10'),
          name: '山田 太郎',
        },
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
        const events = decider.decide(commandFor(kind, step * 20), state);
        state = events.reduce(decider.evolve, state);
        await store.append(
          `insured-123455-P${person}`,
          events.map(({ type, data }) => ({ type, data })),
          'any',
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
}

describe('rebuild from zero equals incremental application', () => {
  it('gives the same read model whatever the batch sizes and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 15 }),
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
            new Projector(store, incremental, projections(), { name: 'read-models' }).apply(
              events.slice(Math.max(0, offset - 1), offset + size),
            );
            offset += size;
          }
          const fromZero = new Database(':memory:');
          new Projector(store, fromZero, projections(), { name: 'read-models' }).apply(events);

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
