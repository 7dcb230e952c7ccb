import { RecentWrites } from './recent-writes';
import { uncommittedBatches } from './row-writes';

describe('RecentWrites', () => {
  it('finds a row of each batch the writer may not have committed yet, and forgets older ones', () => {
    const recent = new RecentWrites<number>();
    recent.set('insured-123455-1', 1);
    for (let batch = 0; batch < uncommittedBatches; batch += 1) {
      recent.endBatch();
      expect(recent.get('insured-123455-1')).toBe(1);
    }
    recent.endBatch();
    expect(recent.get('insured-123455-1')).toBeUndefined();
  });

  it('answers the latest batch that wrote a key', () => {
    const recent = new RecentWrites<number>();
    recent.set('insured-123455-1', 1);
    recent.endBatch();
    recent.set('insured-123455-1', 2);
    expect(recent.get('insured-123455-1')).toBe(2);
    recent.endBatch();
    expect(recent.get('insured-123455-1')).toBe(2);
  });

  it('forgets everything on clear', () => {
    const recent = new RecentWrites<number>();
    recent.set('insured-123455-1', 1);
    recent.endBatch();
    recent.set('insured-123455-2', 2);
    recent.clear();
    expect([recent.get('insured-123455-1'), recent.get('insured-123455-2')]).toEqual([undefined, undefined]);
  });
});
