import {
  defaultPolicy,
  foldEvents,
  insuredPersonDecider,
  type InsuredPersonEvent,
  type LedgerPolicy,
} from '@ledger/domain';
import { type GeneratedCommand, generateHistories } from './generate-histories';

/** The persons' event streams, each command decided under `policy` on the events before it; throws at a refusal. */
const replayed = (commands: readonly GeneratedCommand[], policy: LedgerPolicy) => {
  const decider = insuredPersonDecider(policy);
  const streams = new Map<string, InsuredPersonEvent[]>();
  for (const { insurerNumber, personId, command } of commands) {
    const key = `${insurerNumber}-${personId}`;
    const history = streams.get(key) ?? [];
    history.push(...decider.decide(command, foldEvents(history)));
    streams.set(key, history);
  }
  return streams;
};

describe('synthetic histories', () => {
  const commands = [...generateHistories(300, 42)];

  it('are the same for the same seed and differ for another', () => {
    expect(JSON.stringify([...generateHistories(300, 42)])).toBe(JSON.stringify(commands));
    expect(JSON.stringify([...generateHistories(300, 43)])).not.toBe(JSON.stringify(commands));
  });

  it('number persons from firstPerson, so that a second generation adds persons instead of repeating ids', () => {
    const ids = (generated: Iterable<{ personId: string }>) => new Set([...generated].map(({ personId }) => personId));
    expect([...ids(generateHistories(3, 7, { firstPerson: 300 }))]).toEqual(['P0000300', 'P0000301', 'P0000302']);
    expect([...ids(generateHistories(2, 7))]).toEqual(['P0000000', 'P0000001']);
  });

  it('are accepted in full when replayed through the decider, person by person', () => {
    expect(replayed(commands, defaultPolicy).size).toBe(300);
  });

  it('R35: are decided under the policy given, as a ledger running it decides: cancellations keep its delay', () => {
    const policy: LedgerPolicy = { ...defaultPolicy, cancellationDelayMonths: { min: 3, max: 4 } };
    const underPolicy = [...generateHistories(300, 42, { policy })];
    expect(replayed(underPolicy, policy).size).toBe(300);
    const cancellations = underPolicy.filter(({ command }) => command.type === 'CancelRegistration');
    expect(cancellations.length).toBeGreaterThan(5);
    // Under the law's delay of one to two months, the same seed's cancellations are refused.
    expect(() => replayed(commands, policy)).toThrow(
      expect.objectContaining({ code: 'CANCELLATION_OUTSIDE_DELAY', rule: 'R35' }) as Error,
    );
  });

  it('report a burden ratio only when it changes, as insurers send changes', () => {
    const ratioReports = commands.filter(
      ({ command }) => command.type === 'ChangeQualificationDetails' && command.data.burdenRatio !== undefined,
    );
    expect(ratioReports.length).toBeGreaterThan(10);
    for (const { events } of ratioReports)
      expect(events.map((event) => event.type)).toContain('QualificationDetailsChanged');
  });

  it('cover the facts insurers report: registrations, cancellations, changes, losses, certificates, notices', () => {
    const types = new Set(commands.map(({ command }) => command.type));
    for (const type of [
      'AcquireQualification',
      'RegisterCard',
      'RequestRegistrationCancellation',
      'CancelRegistration',
      'ChangeQualificationDetails',
      'LoseQualification',
      'IssueDocument',
    ]) {
      expect(types).toContain(type);
    }
    const issued = commands.flatMap(({ command }) =>
      command.type === 'IssueDocument' ? [command.data.documentType] : [],
    );
    expect(new Set(issued)).toEqual(new Set(['legacy-card', 'eligibility-certificate', 'qualification-notice']));
  });
});
