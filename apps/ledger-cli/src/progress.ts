import { Presets, SingleBar } from 'cli-progress';

export interface ProgressReport {
  readonly done: number;
  /** Absent when the total is not known in advance (a file read line by line). */
  readonly total?: number;
}

export interface Progress {
  update(report: ProgressReport): void;
  /** Writes the last report and releases the terminal line. */
  stop(): void;
}

/**
 * Progress on stderr, never on stdout (data): a bar with rate and ETA on a terminal; plain
 * lines at most once a second otherwise, so a log file or CI output stays readable.
 */
export function progress(label: string, unit = 'events', stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? progressBar(label, unit, stream) : progressLines(label, unit, stream);
}

function progressBar(label: string, unit: string, stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
      // The bar changes no terminal mode (a hidden cursor, line wrap off): an interrupted command ends
      // without running code that would restore it, and would leave the user's terminal so.
      hideCursor: false,
      linewrap: true,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  return {
    update({ done, total }) {
      const rate = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
      if (!running) bar.start(total ?? done, done, { rate });
      running = true;
      if (total !== undefined) bar.setTotal(total);
      else if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { rate });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

function progressLines(label: string, unit: string, stream: NodeJS.WritableStream): Progress {
  const started = Date.now();
  let lastWritten = 0;
  let last: ProgressReport | undefined;
  const write = ({ done, total }: ProgressReport): void => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = Math.round(done / seconds);
    const eta = total !== undefined && rate > 0 ? `, ETA ${Math.ceil((total - done) / rate)} s` : '';
    stream.write(`${label}: ${done}${total === undefined ? '' : `/${total}`} ${unit}, ${rate} ${unit}/s${eta}\n`);
    lastWritten = Date.now();
  };
  return {
    update(report) {
      last = report;
      if (Date.now() - lastWritten >= 1000) write(report);
    },
    stop() {
      if (last) write(last);
      last = undefined;
    },
  };
}
