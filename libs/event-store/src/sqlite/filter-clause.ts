import { type EventFilter } from '../event-store.port';

/** The SQL that narrows a read of the log to some event types and stream prefixes. */
export function filterClause(filter: EventFilter | undefined): { sql: string; parameters: string[] } {
  const conditions: string[] = [];
  const parameters: string[] = [];
  if (filter?.eventTypes?.length) {
    conditions.push(`type IN (${filter.eventTypes.map(() => '?').join(', ')})`);
    parameters.push(...filter.eventTypes);
  }
  if (filter?.streamPrefixes?.length) {
    conditions.push(`(${filter.streamPrefixes.map(() => 'substr(stream, 1, length(?)) = ?').join(' OR ')})`);
    for (const prefix of filter.streamPrefixes) parameters.push(prefix, prefix);
  }
  return { sql: conditions.map((condition) => `AND ${condition}`).join(' '), parameters };
}
