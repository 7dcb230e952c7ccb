import { type RunningApi } from './ledger-processes';

/** One line of the service's JSON log, with the fields the tests look at. */
export interface LogLine {
  readonly level?: number;
  readonly msg?: string;
  readonly reqId?: string;
  readonly keyId?: string;
  readonly context?: string;
  readonly req?: { readonly url?: string; readonly remoteAddress?: string };
  readonly res?: { readonly statusCode?: number };
  readonly err?: { readonly type?: string; readonly message?: string; readonly stack?: string };
}

/** The service's JSON log lines so far, from its stdout. */
export const logLines = (api: RunningApi): LogLine[] =>
  api
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
