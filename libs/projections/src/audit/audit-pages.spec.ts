import Database from 'better-sqlite3';
import { AuditTrailProjection } from './audit-trail.projection';
import { auditPagesOfPeriod } from './audit-pages';
import { RowWriter } from '../writes/row-writer';
import { RowWrites } from '../writes/row-writes';

describe('audit trail of a period in pages', () => {
  it('R40: gives every row of the insurer in the period once, in recorded order, page by page', () => {
    const db = new Database(':memory:');
    const projection = new AuditTrailProjection();
    projection.migrate(db);
    const writes = new RowWrites();
    for (let position = 1; position <= 25; position += 1) {
      projection.apply(
        {
          id: `e${position}`,
          stream: position % 5 === 0 ? 'insured-06050116-Q' : 'insured-123455-P',
          revision: position,
          position,
          // Two events share each instant: the position breaks the tie.
          recordedAt: `2025-01-01T00:00:${String(Math.floor(position / 2)).padStart(2, '0')}.000Z`,
          type: 'QualificationDetailsChanged',
          data: { effectiveOn: '2025-01-01' },
          metadata: { $hash: `h${position}` },
        },
        writes,
      );
    }
    new RowWriter(db, projection.writeStatements).commit(writes.take(), { projector: 'read-models', position: 25 });
    const pages = [...auditPagesOfPeriod({ db }, '123455', '2025-01-01T00:00:01.000Z', '2025-01-01T00:00:12.000Z', 3)];
    expect(pages.every((page) => page.length <= 3)).toBe(true);
    const positions = pages.flat().map((entry) => entry.position);
    expect(positions).toEqual([2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23]);
    db.close();
  });
});
