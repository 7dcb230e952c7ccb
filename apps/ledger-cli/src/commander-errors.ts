import { withoutMyNumbers } from '@ledger/domain';

/** Options as the ledger's commands name them: `--data-dir`, `-h`. */
const optionName = /^(--[a-z][a-z-]*|-[A-Za-z])$/;

/**
 * Commander's refusal as written to stderr. It repeats what it refused: an "unknown option" that is
 * no option name may be an API key beginning with `-` (`keys revoke`, whose argument is never printed
 * back), and any value may hold a My Number (--actor, DOMAIN.md §3.3).
 */
export function shownCommanderError(text: string): string {
  const named = text
    .replace(/unknown option '([^']*)'/g, (refused, option: string) =>
      optionName.test(option)
        ? refused
        : 'unknown option (not repeated, as it may be a key: put -- before an argument that begins with -)',
    )
    .replace(/argument '([\s\S]*)' is invalid\./, (_, value: string) => `argument '${shownValue(value)}' is invalid.`);
  return printable(withoutMyNumbers(named));
}

/** Characters of a refused value repeated at most: enough to recognise it, not a page of it. */
const shownValueLength = 64;

/** A refused value on the error's one line, shortened. */
function shownValue(value: string): string {
  const oneLine = value.replace(/\r?\n/g, '\\n');
  return oneLine.length > shownValueLength ? `${oneLine.slice(0, shownValueLength)}…` : oneLine;
}

// eslint-disable-next-line no-control-regex -- control characters are what is escaped
const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * A message as a terminal may show it: what a value brought in that a terminal acts on (an escape
 * sequence that clears the screen or retitles the window, a bell, a carriage return) is written as
 * a `\u` escape. Line breaks stay: the message's own lines.
 */
export const printable = (text: string): string =>
  text.replace(controls, (control) => `\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}`);
