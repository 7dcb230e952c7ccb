import { type CalendarDate, type InsurerNumber } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { type AuditRow, auditRows, type AuditTally } from './audit-rows';

async function ledgerWith(pageSize?: number): Promise<SqliteEventStore> {
  // The first append is recorded at 23:30 in Japan on 2025-03-31, the others an hour apart.
  let tick = Date.parse('2025-03-31T13:30:00Z');
  const clock = () => new Date((tick += 3_600_000));
  const store = new SqliteEventStore({ path: ':memory:', clock, ...(pageSize !== undefined && { pageSize }) });
  const person = 'insured-123455-A1';
  await store.append(
    person,
    [{ type: 'QualificationAcquired', data: { address: '京都市', myNumber: '123456789018' } }],
    'any',
  );
  await store.append(
    person,
    [{ type: 'QualificationDetailsChanged', data: { holder: { my_number: '123456789018', name: '山田' } } }],
    'any',
  );
  await store.append('insured-06050116-B1', [{ type: 'QualificationAcquired', data: { address: '大阪市' } }], 'any');
  await store.append(person, [{ type: 'ViewingRestrictionFiled', data: { filedOn: '2025-04-01' } }], 'any');
  await store.append(person, [{ type: 'EligibilityChecked', data: { confirmationDate: '2025-04-01' } }], 'any');
  await store.append(
    person,
    [{ type: 'PersonLookedUp', data: { lookedUpOn: '2025-04-02', view: 'audit-trail' } }],
    'any',
  );
  return store;
}

/** Insurer 123455's rows in April 2025 (from `from`); the store is closed afterwards. */
async function rowsOf(store: SqliteEventStore, includeRestricted: boolean, from = '2025-04-01') {
  const tally: AuditTally = { rows: 0, withheldAccessRows: 0, redactedAddresses: 0 };
  const rows: AuditRow[] = [];
  const period = {
    insurerNumber: '123455' as InsurerNumber,
    from: from as CalendarDate,
    to: '2025-04-30' as CalendarDate,
    includeRestricted,
  };
  for await (const row of auditRows(store, period, tally)) rows.push(row);
  await store.close();
  return { rows, tally };
}

const collect = async (includeRestricted: boolean, from?: string) =>
  rowsOf(await ledgerWith(), includeRestricted, from);

describe('audit rows of an insurer and a period (R40)', () => {
  it('keeps the insurer and the recorded period in Japan dates, the day before left out', async () => {
    const { rows } = await collect(true);
    expect(rows.map((row) => row.type)).toEqual([
      'QualificationDetailsChanged',
      'ViewingRestrictionFiled',
      'EligibilityChecked',
      'PersonLookedUp',
    ]);
    expect((await collect(true, '2025-03-31')).rows).toHaveLength(5);
  });

  it('R41: names each event by its id, which a correction names as the event it corrects', async () => {
    const store = await ledgerWith();
    const ids: string[] = [];
    for await (const event of store.readStream('insured-123455-A1')) ids.push(event.id);
    const { rows } = await rowsOf(store, true, '2025-03-31');

    expect(rows.map((row) => row.eventId)).toEqual(ids);
  });

  it('drops My Number from every row, at any depth, even with --include-restricted', async () => {
    const { rows } = await collect(true, '2025-03-31');
    expect(JSON.stringify(rows)).not.toContain('123456789018');
    expect(rows[1]!.data).toEqual({ holder: { name: '山田' } });
  });

  it('redacts a person id and a document id stored as a My Number, in a log written before ids were checked', async () => {
    const store = new SqliteEventStore({ path: ':memory:', clock: () => new Date('2025-04-10T00:00:00Z') });
    await store.append(
      'insured-123455-123456789018',
      [
        { type: 'QualificationAcquired', data: { address: '京都市' } },
        { type: 'DocumentIssued', data: { documentId: '123456789018', documentType: 'legacy-card' } },
      ],
      'no_stream',
    );
    const { rows } = await rowsOf(store, true);
    // Event ids too: the ledger derives them from the stream name (ADR 0005).
    expect(rows.map(({ eventId, stream, personId, data }) => ({ eventId, stream, personId, data }))).toEqual([
      {
        eventId: '[redacted]',
        stream: 'insured-123455-[redacted]',
        personId: '[redacted]',
        data: { address: '京都市' },
      },
      {
        eventId: '[redacted]',
        stream: 'insured-123455-[redacted]',
        personId: '[redacted]',
        data: { documentId: '[redacted]', documentType: 'legacy-card' },
      },
    ]);
  });

  it("R31: redacts a restricted person's address and withholds their access history", async () => {
    const { rows, tally } = await collect(false, '2025-03-31');
    expect(rows.map((row) => row.type)).toEqual([
      'QualificationAcquired',
      'QualificationDetailsChanged',
      'ViewingRestrictionFiled',
    ]);
    expect(rows[0]!.data).toEqual({ address: '[redacted]' });
    expect(rows.every((row) => row.restricted)).toBe(true);
    expect(tally).toEqual({ rows: 3, withheldAccessRows: 2, redactedAddresses: 1 });
  });

  it('R31: exports the log as it stood when it began: a restriction filed meanwhile is not half applied', async () => {
    // Read one event at a time, so that the export is still reading when the restriction comes.
    const store = await ledgerWith(1);
    const late = 'insured-123455-C1';
    await store.append(late, [{ type: 'QualificationAcquired', data: { address: '神戸市' } }], 'any');
    await store.append(late, [{ type: 'EligibilityChecked', data: { confirmationDate: '2025-04-03' } }], 'any');
    const period = {
      insurerNumber: '123455' as InsurerNumber,
      from: '2025-04-01' as CalendarDate,
      to: '2025-04-30' as CalendarDate,
      includeRestricted: false,
    };
    const rows = auditRows(store, period, { rows: 0, withheldAccessRows: 0, redactedAddresses: 0 })[
      Symbol.asyncIterator
    ]();
    const exported = [(await rows.next()).value as AuditRow];
    await store.append(late, [{ type: 'ViewingRestrictionFiled', data: { filedOn: '2025-04-04' } }], 'any');
    for (let row = await rows.next(); !row.done; row = await rows.next()) exported.push(row.value);
    await store.close();
    const ofLate = exported.filter((row) => row.stream === late);
    expect(ofLate.map((row) => [row.type, row.restricted])).toEqual([
      ['QualificationAcquired', false],
      ['EligibilityChecked', false],
    ]);
  });
});
