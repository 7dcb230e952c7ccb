import { shownCommanderError } from './commander-errors';

describe("commander's refusals as the ledger shows them", () => {
  it('repeats an unknown option that is an option name, so that a typo can be seen', () => {
    expect(shownCommanderError("error: unknown option '--data-dri'\n(Did you mean --data-dir?)\n")).toBe(
      "error: unknown option '--data-dri'\n(Did you mean --data-dir?)\n",
    );
    expect(shownCommanderError("error: unknown option '-x'\n")).toBe("error: unknown option '-x'\n");
  });

  it('does not repeat an "option" that may be an API key beginning with -, and says how to pass it', () => {
    const shown = shownCommanderError("error: unknown option '-SecretKeyValue_0123456789'\n");
    expect(shown).not.toContain('SecretKeyValue');
    expect(shown).toBe(
      'error: unknown option (not repeated, as it may be a key: put -- before an argument that begins with -)\n',
    );
  });

  it('repeats no My Number in a refused value (DOMAIN.md §3.3)', () => {
    expect(shownCommanderError("error: option '--actor <name>' argument '1234 5678 9018' is invalid.")).not.toMatch(
      /1234.?5678.?9018/,
    );
  });

  it('repeats a refused value on one line, shortened, with what a terminal would act on escaped', () => {
    const refused = (value: string) =>
      `error: option '--reason <text>' argument '${value}' is invalid. must be a reason.\n`;
    expect(shownCommanderError(refused('court order\n2026-77'))).toBe(refused('court order\\n2026-77'));
    expect(shownCommanderError(refused('x\u001b]0;pwned\u0007\u001b[2J'))).toBe(
      refused('x\\u001b]0;pwned\\u0007\\u001b[2J'),
    );
    expect(shownCommanderError(refused('a'.repeat(1001)))).toBe(refused(`${'a'.repeat(64)}…`));
    expect(shownCommanderError("error: unknown command 'x\u001b[31m'\n")).toBe(
      "error: unknown command 'x\\u001b[31m'\n",
    );
  });
});
