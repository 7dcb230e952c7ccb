import { type EventStore } from './event-store.port';
import { StreamHeads } from './log-digest';
import { type ChainVerification, verifyChain } from './verify-chain';

export interface LogSummary {
  readonly verification: ChainVerification;
  /** The log digest (ADR 0007); absent when the chain is broken. */
  readonly digest?: string;
}

/** Verifies a store's chain and computes its digest in one pass over the log. */
export async function summarizeLog(store: EventStore): Promise<LogSummary> {
  const heads = new StreamHeads();
  const verification = await verifyChain(heads.track(store.readAll()));
  return verification.firstBreak ? { verification } : { verification, digest: heads.digest() };
}
