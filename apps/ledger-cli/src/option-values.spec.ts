import { userInfo } from 'node:os';
import { UsageError } from './exit-codes';
import { actorMaxLength, actorName, actorOrOsUser, reasonMaxLength, recordedText } from './option-values';

jest.mock('node:os', () => ({ ...jest.requireActual<typeof import('node:os')>('node:os'), userInfo: jest.fn() }));
const osUser = jest.mocked(userInfo);

describe('who acts, when --actor is not given', () => {
  it('is --actor when given, without asking the system', () => {
    expect(actorOrOsUser('auditor-sato')).toBe('auditor-sato');
    expect(osUser).not.toHaveBeenCalled();
  });

  it('is the OS user otherwise', () => {
    osUser.mockReturnValue({ username: 'clerk', uid: 1000, gid: 1000, shell: null, homedir: '/home/clerk' });
    expect(actorOrOsUser(undefined)).toBe('clerk');
  });

  it('is a usage error naming --actor for a uid with no passwd entry (an arbitrary uid in a container)', () => {
    osUser.mockImplementation(() => {
      throw new Error('A system error occurred: uv_os_get_passwd returned ENOENT (no such file or directory)');
    });
    expect(() => actorOrOsUser(undefined)).toThrow(UsageError);
    expect(() => actorOrOsUser(undefined)).toThrow(
      /^--actor <name> is needed: the OS user \(uid \d+\) has no name to record$/,
    );
  });
});

describe('texts recorded from the command line (--actor, --reason)', () => {
  it('are kept as given when a name or an address could hold them', () => {
    expect(recordedText('court order 2026-114, 東京家庭裁判所', reasonMaxLength)).toBe(
      'court order 2026-114, 東京家庭裁判所',
    );
    expect(actorName('  auditor-sato ')).toBe('auditor-sato');
  });

  it.each([
    [
      'an escape sequence, which would act on the terminal of whoever reads the export',
      'clerk\u001b[2J',
      'control characters',
    ],
    ['a line break, which would forge a line of the export', 'clerk\nledger: intact', 'control characters'],
    ['a direction override, which would show the rest of the line reversed', 'clerk\u202eRDC', 'invisible formatting'],
    ['bytes that were not UTF-8', 'clerk \uFFFD', 'U+FFFD'],
    ['a My Number (DOMAIN.md §3.3)', 'clerk 1234-5678-9018', 'My Number'],
  ])('refuse %s', (_, value, reason) => {
    expect(() => recordedText(value, reasonMaxLength)).toThrow(reason);
    expect(() => actorName(value)).toThrow(reason);
  });

  it('refuse a text longer than a name (--actor) or a few sentences (--reason): it is copied onto every event written', () => {
    expect(actorName('a'.repeat(actorMaxLength))).toHaveLength(actorMaxLength);
    expect(() => actorName('a'.repeat(actorMaxLength + 1))).toThrow(`must be at most ${actorMaxLength} characters`);
    expect(() => recordedText('r'.repeat(reasonMaxLength + 1), reasonMaxLength)).toThrow(
      `must be at most ${reasonMaxLength} characters`,
    );
  });

  it('count characters as the API counts a name: one a surrogate pair of UTF-16 holds (𠮷) is one', () => {
    expect(actorName('𠮷'.repeat(actorMaxLength))).toBe('𠮷'.repeat(actorMaxLength));
    expect(() => actorName('𠮷'.repeat(actorMaxLength + 1))).toThrow(`must be at most ${actorMaxLength} characters`);
  });
});
