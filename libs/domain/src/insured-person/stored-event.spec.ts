import { storedEvent } from './events';
import { acquired } from './person.test-kit';
import { evolve, initialState } from './state';

describe('events as a store gives them back', () => {
  it('§3.3: a My Number another writer put in an event never reaches the state folded from it', () => {
    const { data } = acquired();
    const fromAnotherWriter = storedEvent({
      id: '0190a5b4-3c1e-7000-8000-000000000001',
      type: 'QualificationAcquired',
      data: { ...data, myNumber: '123456789018', my_number: '621498320257' },
    });
    const state = evolve(initialState, fromAnotherWriter);

    expect(fromAnotherWriter.data).toEqual(data);
    expect(JSON.stringify(state)).not.toMatch(/123456789018|621498320257/);
    expect(state.qualification).toEqual(data);
  });

  it('hands data without a My Number over as it is, without copying it', () => {
    const { data } = acquired();
    expect(storedEvent({ id: '0190a5b4-3c1e-7000-8000-000000000001', type: 'QualificationAcquired', data }).data).toBe(
      data,
    );
  });

  it('R41: keeps the id the store gave an enrolment, which a correction names', () => {
    const id = '0190a5b4-3c1e-7000-8000-000000000002';
    const state = evolve(initialState, storedEvent({ id, type: 'QualificationAcquired', data: acquired().data }));

    expect(state.periods[0]!.enrolmentEventId).toBe(id);
  });
});
