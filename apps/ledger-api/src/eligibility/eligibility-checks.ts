import { Inject, Injectable } from '@nestjs/common';
import { type AccessRecorder, type Principal, viewFor } from '@ledger/access';
import {
  answerEligibility,
  type EligibilityAnswer,
  type EligibilityQuestion,
  type EligibilityValidity,
  type MedicalInstitutionCode,
  nationalBurdenRatio,
  unmatchedChecksStream,
} from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';
import { EligibilityIndex, type LiveReadModels, readModelsProjector, withUnappliedEvents } from '@ledger/projections';
import { EVENT_STORE } from '../event-store/event-store.module';
import { LedgerMetrics } from '../operations/ledger-metrics';
import { LIVE_READ_MODELS } from '../projections/projections.module';
import { actorOf } from '../read-side/actor';
import { ACCESS_RECORDER } from '../read-side/tokens';

/** The words a clinic gets when the card cannot be used: the same for no registration and for a restriction (R31). */
const cardUnavailable = {
  reason: 'not-available',
  detail: 'The card cannot be used for insurance for this person; ask for the eligibility certificate.',
} as const;

/**
 * Answers a clinic from the read models, each person found brought up to the store's latest events,
 * and records the check (R40) through the access recorder: the answer never waits for the projector.
 * On the embedded store it waits for the record's group commit; with EventStoreDB only for the
 * local outbox (ADR 0006).
 */
@Injectable()
export class EligibilityChecks {
  private prepared?: EligibilityIndex;

  constructor(
    @Inject(LIVE_READ_MODELS) private readonly readModels: LiveReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ACCESS_RECORDER) private readonly recorder: AccessRecorder,
    private readonly metrics: LedgerMetrics,
  ) {}

  /** Prepared on first use, once the projector has created the tables, and again after a rebuild swapped the file. */
  private get index(): EligibilityIndex {
    const { db } = this.readModels;
    if (this.prepared?.db !== db) this.prepared = new EligibilityIndex(db, readModelsProjector);
    return this.prepared;
  }

  async check(
    principal: Principal,
    question: EligibilityQuestion & { medicalInstitutionCode: MedicalInstitutionCode },
  ) {
    const indexed = this.index.candidates(question);
    // A restriction filed or a card registration cancelled a moment ago must already hold (R30).
    const candidates = await Promise.all(
      indexed.map(async ({ key, state, checkpoint }) => ({
        key,
        state: await withUnappliedEvents(this.store, key, state, checkpoint),
      })),
    );
    const answer = answerEligibility(question, candidates);
    await this.record(
      principal,
      question,
      answer.validity,
      candidates.map(({ key }) => key),
    );
    this.metrics.eligibilityChecks.inc({ validity: String(answer.validity), method: question.method });
    const person = 'person' in answer ? candidates.find((each) => each.key === answer.person) : undefined;
    const subject = {
      insurerNumber: question.insurerNumber,
      restricted: person?.state.viewingRestriction !== undefined,
    };
    return viewFor(principal, subject, this.body(question, answer));
  }

  /**
   * In the stream of every person whose record the check read (R40): each one the index found under
   * the numbers, the one answered for or not, so that a person's trail shows also the checks that
   * asked their numbers with another birth date. A check that read nobody's record is kept in the
   * clinic's stream, naming the insurer asked about, so that the insurer's audit trail shows it.
   */
  private async record(
    principal: Principal,
    question: EligibilityQuestion & { medicalInstitutionCode: MedicalInstitutionCode },
    validity: EligibilityValidity,
    read: readonly string[],
  ): Promise<void> {
    const { medicalInstitutionCode, confirmationDate, method, insurerNumber } = question;
    const checked = { medicalInstitutionCode, confirmationDate, method, validity };
    const metadata = { actor: actorOf(principal), channel: method === 'card' ? 'card-reader' : 'api' };
    const records =
      read.length > 0
        ? read.map((stream) => ({ stream, data: checked }))
        : [{ stream: unmatchedChecksStream(medicalInstitutionCode), data: { ...checked, insurerNumber } }];
    await Promise.all(
      records.map(({ stream, data }) => this.recorder.record({ stream, type: 'EligibilityChecked', data, metadata })),
    );
  }

  private body(question: EligibilityQuestion, answer: EligibilityAnswer<string>) {
    const asked = { confirmationDate: question.confirmationDate, method: question.method };
    if ('cardUnavailable' in answer)
      return { validity: answer.validity, ...asked, cardUsable: false, ...cardUnavailable };
    if (!('details' in answer)) return { validity: answer.validity, ...asked };
    const { details } = answer;
    return {
      validity: answer.validity,
      ...asked,
      insurerNumber: details.insurerNumber,
      ...(details.symbol !== undefined && { symbol: details.symbol }),
      number: details.number,
      ...(details.branch !== undefined && { branch: details.branch }),
      relationship: details.relationship,
      name: details.name,
      ...(details.nameKana !== undefined && { nameKana: details.nameKana }),
      birthDate: details.birthDate,
      ...(details.sex !== undefined && { sex: details.sex }),
      burdenRatio: nationalBurdenRatio(details.burdenRatio),
      acquiredOn: answer.acquiredOn,
      ...(answer.lostOn !== undefined && { lostOn: answer.lostOn }),
    };
  }
}
