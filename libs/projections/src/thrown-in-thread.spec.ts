import { UndecodableEventError } from '@ledger/event-store';
import { rethrown, thrownInThread } from './thrown-in-thread';

describe('an error sent from another thread', () => {
  it('keeps its class name, message, stack and plain fields across a structured clone', () => {
    const thrown = new UndecodableEventError('insured-123455-A', 0, 7, 'its stored data is not JSON');

    const received = rethrown(structuredClone(thrownInThread(thrown)));

    expect(received).toBeInstanceOf(Error);
    expect(received.constructor.name).toBe('UndecodableEventError');
    expect(received).toMatchObject({ message: thrown.message, stream: 'insured-123455-A', revision: 0, position: 7 });
    expect(received.stack).toBe(thrown.stack);
  });

  it('a value thrown that is no Error arrives as an Error saying it', () => {
    const received = rethrown(structuredClone(thrownInThread('disk full')));

    expect(received.constructor.name).toBe('Error');
    expect(received.message).toBe('disk full');
  });
});
