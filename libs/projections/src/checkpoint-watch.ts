import {
  BehaviorSubject,
  filter,
  first,
  firstValueFrom,
  fromEvent,
  map,
  type Observable,
  of,
  takeUntil,
  timeout,
} from 'rxjs';

/**
 * Where a projector's read models are, for those who wait on it (read-your-writes, feeds): moved
 * on only once a batch and its checkpoint are committed, never back.
 */
export class CheckpointWatch {
  private readonly position: BehaviorSubject<number>;

  constructor(initial: number) {
    this.position = new BehaviorSubject(initial);
  }

  get checkpoint(): number {
    return this.position.value;
  }

  /** Every checkpoint from now on, the current one first. */
  get checkpoints(): Observable<number> {
    return this.position.asObservable();
  }

  moveTo(position: number): void {
    this.position.next(position);
  }

  /**
   * Resolves once the read models include `position`, or as soon as `signal` aborts: a waiter that
   * gave up (a feed whose client went) keeps no subscription until the next checkpoint.
   */
  async caughtUp(position: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    const reached = this.position.pipe(filter((checkpoint) => checkpoint >= position));
    await firstValueFrom(signal ? reached.pipe(takeUntil(fromEvent(signal, 'abort'))) : reached, {
      defaultValue: undefined,
    });
  }

  /**
   * Whether the read models include `position` within `withinMs`: true as soon as a batch brings
   * them there, false at the deadline, when the wait stops listening (a stopped or failed projector
   * keeps no waiter).
   */
  reaches(position: number, withinMs: number): Promise<boolean> {
    return firstValueFrom(
      this.position.pipe(
        first((checkpoint) => checkpoint >= position),
        map(() => true),
        timeout({ first: withinMs, with: () => of(false) }),
      ),
    );
  }
}
