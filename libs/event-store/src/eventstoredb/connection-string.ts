import { EventStoreDBClient } from '@eventstore/db-client';

/** The password of `scheme://user:password@...`, as given and as the client may show it decoded. */
function passwordForms(value: string): string[] {
  const password = /^[^:/]+:\/\/[^:@/]*:([^@/]*)@/.exec(value)?.[1];
  if (!password) return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not percent-encoded as a URL would be: the client shows it as given.
  }
  return [...new Set([password, decoded])];
}

/** What stands between `scheme://` and the path or options: user, password, hosts and ports. */
const authorityOf = (value: string): string => /^[^:/]*:\/\/([^/?]*)/.exec(value)?.[1] ?? '';

/**
 * The client quotes what it could not read. In the authority that may be a password mistaken for a
 * port (`esdb://admin:secret`): a quoted part of it is not repeated, the position says where it is.
 */
const withoutPassword = (text: string, value: string): string =>
  passwordForms(value)
    .reduce((shown, password) => shown.replaceAll(password, '[redacted]'), text)
    .replace(/"([^"]{2,})"/g, (quoted, part: string) => (authorityOf(value).includes(part) ? '[redacted]' : quoted));

/** The client's warnings that it would ignore part of the string: an unknown option, or one it does not support. */
const refusedWarnings = [/^Unknown option key /, /^"tlsVerifyCert" is not currently supported/];

/**
 * Why an EventStoreDB connection string cannot be used, or undefined when it can: parsed by the
 * client itself, so that what it takes is what is checked, in words that never repeat the password.
 * An option the client does not know is refused too: the client only warns on the console that it
 * ignores it (a misspelt `tls=false` would go unnoticed), printing the whole string, password included.
 */
export function connectionStringProblem(value: string): string | undefined {
  // The client takes the first @ as the end of the password and the rest as the host, which it then
  // names in its errors: a password that holds one would be shown from there on.
  if ((authorityOf(value).match(/@/g) ?? []).length > 1) {
    return 'an @ in the user name or password must be percent-encoded (%40)';
  }
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => void warnings.push(parts.map(String).join(' '));
  try {
    void EventStoreDBClient.connectionString(value).dispose();
  } catch (error) {
    return withoutPassword(error instanceof Error ? error.message : String(error), value);
  } finally {
    console.warn = warn;
  }
  // Advice on a setting it takes (a keep-alive below the one recommended) is no refusal.
  const warning = warnings.find((each) => refusedWarnings.some((refused) => refused.test(each)));
  if (warning === undefined) return undefined;
  // "setting will be ignored" is what the client would do; here the string is refused.
  const refused = warning.split('\n')[0]!.replace(/, setting will be ignored\.$/, ': the client would ignore it');
  return withoutPassword(refused, value);
}
