import { withoutMyNumbers } from '@ledger/domain';

/** Options as the ledger's commands name them: `--data-dir`, `-h`. */
const optionName = /^(--[a-z][a-z-]*|-[A-Za-z])$/;

/**
 * Commander's refusal as written to stderr. It repeats what it refused: an "unknown option" that is
 * no option name may be an API key beginning with `-` (`keys revoke`, whose argument is never printed
 * back), and any value may hold a My Number (--actor, DOMAIN.md §3.3).
 */
export function shownCommanderError(text: string): string {
  const named = text.replace(/unknown option '([^']*)'/g, (refused, option: string) =>
    optionName.test(option)
      ? refused
      : 'unknown option (not repeated, as it may be a key: put -- before an argument that begins with -)',
  );
  return withoutMyNumbers(named);
}
