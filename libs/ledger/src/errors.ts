/** An Idempotency-Key used again for another request on the same person: refused, nothing written. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor(
    readonly stream: string,
    readonly idempotencyKey: string,
  ) {
    super(`the Idempotency-Key ${idempotencyKey} was used before with another request for this person`);
  }
}
