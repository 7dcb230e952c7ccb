import { version } from '../package.json';
import { runCli } from './support/ledger-processes';

describe('ledger CLI as a process', () => {
  it('--help prints the usage and the commands, exit 0', () => {
    const run = runCli('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: ledger');
    expect(run.stdout).toContain('policy');
  });

  it('--version prints the package version, exit 0', () => {
    const run = runCli('--version');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('policy prints the dates and limits as JSON on stdout', () => {
    const run = runCli('policy');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ cutover: '2024-12-02', legacyCardLastValidDay: '2025-12-01' });
  });

  it('help for a command prints its usage, exit 0', () => {
    const run = runCli('policy', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: ledger policy');
  });

  it.each([['frobnicate'], ['--nope'], ['policy', '--nope'], []])(
    'a usage error (%s) exits 2 with the message on stderr',
    (...args: string[]) => {
      const run = runCli(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).not.toBe('');
    },
  );
});
