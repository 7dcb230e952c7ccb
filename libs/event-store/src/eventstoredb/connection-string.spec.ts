import { connectionStringProblem } from './connection-string';

describe('an EventStoreDB connection string', () => {
  it('is taken as the client takes it', () => {
    expect(connectionStringProblem('esdb://localhost:2113?tls=false')).toBeUndefined();
    expect(connectionStringProblem('esdb+discover://admin:changeit@cluster.example:2113')).toBeUndefined();
    // The client advises against it, and takes it.
    expect(connectionStringProblem('esdb://localhost:2113?tls=false&keepAliveInterval=5000')).toBeUndefined();
  });

  it('is refused in the client’s words for a form it cannot read, a scheme it does not know, an option it would ignore', () => {
    expect(connectionStringProblem('esdb://admin:pw@[bad')).toMatch(/^Unexpected "\[" at position \d+, expected host/);
    expect(connectionStringProblem('kurrentdb://localhost:2113')).toMatch(/expected esdb:\/\/ or esdb\+discover:\/\//);
    expect(connectionStringProblem('esdb://localhost:2113?tls=false&tsl=true')).toBe(
      'Unknown option key "tsl": the client would ignore it',
    );
    expect(connectionStringProblem('esdb://localhost:2113?tlsVerifyCert=false')).toBe(
      '"tlsVerifyCert" is not currently supported by this client, and will have no effect.',
    );
  });

  it('never repeats the password, as given or percent-decoded, and prints nothing itself', () => {
    const warn = jest.spyOn(console, 'warn');
    for (const given of [
      'esdb://admin:s3cretpw@127.0.0.1:1?tls=false&bogus=1',
      'esdb://admin:s3cretpw@[s3cretpw',
      'esdb://admin:s3cret%40pw@127.0.0.1:2113?s3cret@pw=1',
      // Mistaken for a port, or cut at an @ it holds: the client would name the rest as a host.
      'esdb://admin:s3cretpw',
      'esdb://admin:s3cret@pw@127.0.0.1:2113?tls=false',
    ]) {
      const problem = connectionStringProblem(given);
      expect(problem).toBeDefined();
      expect(problem).not.toMatch(/s3cret/);
    }
    expect(connectionStringProblem('esdb://admin:s3cretpw')).toMatch(
      /^Unexpected \[redacted\] at position 13, expected port/,
    );
    expect(connectionStringProblem('esdb://admin:s3cret@pw@127.0.0.1:2113')).toBe(
      'an @ in the user name or password must be percent-encoded (%40)',
    );
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
