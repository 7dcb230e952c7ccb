import { type EventFilter } from './event-store.port';

/** The filter of a read or subscription, for stores that cannot apply it themselves. */
export const passes = (type: string, stream: string, filter: EventFilter | undefined): boolean =>
  (!filter?.eventTypes?.length || filter.eventTypes.includes(type)) &&
  (!filter?.streamPrefixes?.length || filter.streamPrefixes.some((prefix) => stream.startsWith(prefix)));
