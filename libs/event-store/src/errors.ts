import { type ExpectedRevision } from './event-store.port';

/** Another writer got there first: the caller re-reads and decides again. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** Some of the ids were appended before, but not this exact batch to this stream: neither a repeat nor new. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';

  constructor(
    readonly stream: string,
    readonly eventId: string,
  ) {
    super(`stream ${stream}: event id ${eventId} was already appended as part of another batch or stream`);
  }
}

/** A stored event the store cannot read back as one (no JSON, metadata not an object, a position out of range): the file was damaged or edited by hand. */
export class UndecodableEventError extends Error {
  override readonly name = 'UndecodableEventError';

  constructor(
    readonly stream: string,
    readonly revision: number,
    readonly position: number,
    /** What is wrong with the event, without where it is. */
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`stream ${stream} revision ${revision} (log position ${position}) cannot be read: ${reason}`, { cause });
  }
}

/** The file the embedded store was given holds something else: the store adds no table to it. */
export class NotAnEventLogError extends Error {
  override readonly name = 'NotAnEventLogError';

  constructor(
    readonly path: string,
    /** Why, in a few words: "it is not an SQLite database". */
    readonly reason: string,
  ) {
    super(`${path} holds no event log (${reason})`);
  }
}

/**
 * The embedded log's file refused a commit (read-only, a full disk, locked by another writer): SQLite's
 * own words name no file. Nothing of the commit was written; `code` keeps SQLite's.
 */
export class EventLogWriteError extends Error {
  override readonly name = 'EventLogWriteError';
  readonly code: unknown;

  constructor(
    readonly path: string,
    cause: Error & { code?: unknown },
  ) {
    super(`the event log at ${path} could not be written (${cause.message}); nothing of the append was written`, {
      cause,
    });
    this.code = cause.code;
  }
}

export type StoreLimit =
  | 'EVENT_TOO_LARGE'
  | 'APPEND_TOO_LARGE'
  | 'STREAM_NAME_INVALID'
  | 'BATCH_EMPTY'
  | 'BATCH_TOO_LARGE'
  | 'EVENT_ID_INVALID'
  | 'EVENT_ID_REPEATED'
  | 'EVENT_TYPE_INVALID'
  | 'METADATA_KEY_RESERVED';

/** An append the store refuses by its limits, before anything is written. */
export class EventStoreLimitError extends Error {
  override readonly name = 'EventStoreLimitError';

  constructor(
    readonly limit: StoreLimit,
    message: string,
  ) {
    super(message);
  }
}
