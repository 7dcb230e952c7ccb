import { Readable } from 'node:stream';
import { auditCsv } from './audit-csv';
import type { AuditRow } from './audit-rows';

const row = (fields: Partial<AuditRow>): AuditRow => ({
  position: 7,
  eventId: '0b6f1c1e-6d1a-4f8e-9a43-3f1b2a7c9d10',
  recordedAt: '2026-04-01T00:00:00.000Z',
  stream: 'insured-123455--0001',
  personId: '-0001',
  revision: 0,
  type: 'QualificationAcquired',
  actor: 'clerk-1',
  channel: 'http',
  onBehalfOf: null,
  restricted: false,
  data: { acquiredOn: '2026-04-01' },
  hash: 'ab12',
  ...fields,
});

async function csvOf(rows: AuditRow[]): Promise<string[]> {
  let text = '';
  for await (const chunk of Readable.from(rows).pipe(auditCsv())) text += String(chunk);
  return text.trim().split('\n');
}

describe('auditCsv: the audit export as CSV (R40)', () => {
  it('writes a header and one line per row, objects as JSON and booleans as words', async () => {
    const [header, line] = await csvOf([row({})]);
    expect(header).toBe(
      'position,eventId,recordedAt,stream,personId,revision,type,actor,channel,onBehalfOf,restricted,data,hash',
    );
    expect(line).toBe(
      '7,0b6f1c1e-6d1a-4f8e-9a43-3f1b2a7c9d10,2026-04-01T00:00:00.000Z,insured-123455--0001,-0001,0,' +
        'QualificationAcquired,clerk-1,http,,false,"{""acquiredOn"":""2026-04-01""}",ab12',
    );
  });

  it('writes a recorded text a spreadsheet would run as a formula with a leading quote, full-width forms too', async () => {
    const [, line] = await csvOf([row({ actor: '=1+2', channel: '＋batch', onBehalfOf: '@clinic' })]);
    expect(line).toContain(",'=1+2,'＋batch,'@clinic,");
  });

  it("keeps a person's id that begins with - as it is, to match the insurer's records", async () => {
    const [, line] = await csvOf([row({ personId: '-0001' })]);
    expect(line?.split(',')[4]).toBe('-0001');
  });
});
