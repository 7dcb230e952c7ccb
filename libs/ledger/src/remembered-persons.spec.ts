import { newPerson, RememberedPersons } from './remembered-persons';

const at = (revision: number) => ({ ...newPerson, revision });

describe('RememberedPersons', () => {
  it('forgets the least recently used person beyond its bound', () => {
    const remembered = new RememberedPersons(2);
    remembered.remember('a', at(0));
    remembered.remember('b', at(0));
    remembered.recall('a');
    remembered.remember('c', at(0));
    expect(['a', 'b', 'c'].map((stream) => remembered.recall(stream)?.revision)).toEqual([0, undefined, 0]);
  });

  it('keeps the later of two snapshots of a stream, whichever settles last', () => {
    const remembered = new RememberedPersons();
    remembered.remember('a', at(3));
    remembered.remember('a', at(2));
    expect(remembered.recall('a')?.revision).toBe(3);
    remembered.forget('a');
    expect(remembered.recall('a')).toBeUndefined();
  });
});
