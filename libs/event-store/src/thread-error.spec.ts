import { threadError } from './thread-error';

describe('a writer thread’s error, as this side gets it', () => {
  it('keeps an Error as it is', () => {
    const error = new Error('disk I/O error');
    expect(threadError(error, 'log writer')).toBe(error);
  });

  it('makes an Error of the plain object a SqliteError arrives as, named by the thread and its code', () => {
    const error = threadError({ code: 'SQLITE_CANTOPEN' }, 'row writer');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('the row writer thread failed: SQLITE_CANTOPEN');
    expect(error).toMatchObject({ code: 'SQLITE_CANTOPEN' });
  });

  it('names what else it got', () => {
    expect(threadError(undefined, 'log writer').message).toBe('the log writer thread failed: undefined');
  });
});
