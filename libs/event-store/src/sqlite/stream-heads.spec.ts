import Database from 'better-sqlite3';
import { prepareSchema } from './schema';
import { StreamHeads } from './stream-heads';

describe('StreamHeads', () => {
  it('forgets the least recently used heads beyond its bound, and reads a forgotten one back from the table', () => {
    const db = new Database(':memory:');
    prepareSchema(db);
    const heads = new StreamHeads(db, 2);
    heads.tryCreate('insured-123455-A', { revision: 0, hash: 'a' });
    heads.tryCreate('insured-123455-B', { revision: 0, hash: 'b' });
    heads.get('insured-123455-A');
    heads.write('insured-123455-C', { revision: 3, hash: 'c' });

    expect(heads.remembered('insured-123455-B')).toBeUndefined();
    expect(heads.remembered('insured-123455-A')).toEqual({ revision: 0, hash: 'a' });
    expect(heads.remembered('insured-123455-C')).toEqual({ revision: 3, hash: 'c' });
    expect(heads.get('insured-123455-B')).toEqual({ revision: 0, hash: 'b' });
    db.close();
  });
});
