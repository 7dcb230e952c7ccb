import { PassThrough } from 'node:stream';
import { progress } from './progress';

/** A terminal as the bar sees one: what is written to it is kept. */
function terminal(): { stream: NodeJS.WriteStream; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => text };
}

describe('progress on a terminal', () => {
  it('draws a bar that changes no terminal mode, so an interrupted command leaves the terminal as it was', async () => {
    const { stream, written } = terminal();
    const shown = progress('import', 'lines', stream);
    shown.update({ done: 5, total: 10 });
    await new Promise((next) => setImmediate(next));
    const whileRunning = written();
    shown.stop();
    expect(whileRunning).toContain('import [');
    expect(whileRunning).toContain('5/10 lines');
    // Hidden cursor (ESC [?25l) and line wrap off (ESC [?7l): nothing restores them after a signal.
    expect(whileRunning).not.toContain('\u001b[?25l');
    expect(whileRunning).not.toContain('\u001b[?7l');
  });
});
