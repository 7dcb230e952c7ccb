import { userInfo } from 'node:os';
import { UsageError } from './exit-codes';
import { actorOrOsUser } from './option-values';

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
