import { type RunningApi } from './ledger-processes';

export interface SseEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
}

/**
 * Opens a feed and collects its events until `enough` says stop or `timeoutMs` passes, then
 * disconnects; comments (heartbeats) are counted apart.
 */
export async function readFeed(
  api: RunningApi,
  path: string,
  key: string,
  enough: (events: readonly SseEvent[], comments: readonly string[]) => boolean,
  headers: Record<string, string> = {},
  timeoutMs = 5_000,
): Promise<{ status: number; contentType: string | null; events: SseEvent[]; comments: string[]; ended: boolean }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const response = await fetch(`${api.url}${path}`, {
    headers: { authorization: `Bearer ${key}`, ...headers },
    signal: abort.signal,
  });
  const contentType = response.headers.get('content-type');
  if (response.status !== 200 || !response.body) {
    clearTimeout(timer);
    abort.abort();
    return { status: response.status, contentType, events, comments, ended: true };
  }
  const decoder = new TextDecoder();
  let buffer = '';
  /** Whether the server ended the stream, rather than `enough` or the timeout. */
  let ended = false;
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else {
            const colon = line.indexOf(':');
            if (colon > 0) event[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
          }
        }
        if (event.id !== undefined || event.data !== undefined) events.push(event);
      }
      if (enough(events, comments)) break;
    }
    ended = !abort.signal.aborted && !enough(events, comments);
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return { status: 200, contentType, events, comments, ended };
}
