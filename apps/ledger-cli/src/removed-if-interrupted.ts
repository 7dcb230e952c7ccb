import { rmSync } from 'node:fs';

const interruptions = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `work`; if the process is interrupted meanwhile (Ctrl-C, SIGTERM, a closed terminal), removes
 * what `leftovers` names first, then raises the signal again, so that the process still ends as
 * interrupted. Node ends an interrupted process without running its `finally` blocks. SIGKILL
 * cannot be caught: what it leaves, it leaves.
 */
export async function removedIfInterrupted<T>(leftovers: () => readonly string[], work: () => Promise<T>): Promise<T> {
  const interrupted = (signal: NodeJS.Signals): void => {
    stopListening();
    try {
      for (const path of leftovers()) {
        try {
          rmSync(path, { recursive: true, force: true });
        } catch {
          // One that cannot be removed must not keep the others, nor the process from ending as interrupted.
        }
      }
    } finally {
      process.kill(process.pid, signal);
    }
  };
  const stopListening = () => {
    for (const signal of interruptions) process.off(signal, interrupted);
  };
  for (const signal of interruptions) process.on(signal, interrupted);
  try {
    return await work();
  } finally {
    stopListening();
  }
}
