import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import fc from 'fast-check';
import { commandCatalogue, commandNames } from './catalogue';
import { compileBody } from './compiled-body';
import { exampleBodies } from './example-bodies';

const classValidatorAccepts = (body: new () => object, raw: object): boolean =>
  validateSync(plainToInstance(body, raw), { whitelist: true, forbidNonWhitelisted: true }).length === 0;

const value = fc.oneof(
  fc.constantFrom('2025-04-01', '2025-02-30', '123455', '1234567', '00', 'insured', 'facility', 'portal', ''),
  fc.constantFrom(10, 20, 30, 25, true, false, null),
  fc.string({ maxLength: 8 }),
);

describe('compiled body rules', () => {
  it.each([
    ['𠮷'.repeat(60), true],
    ['𠮷'.repeat(100), true],
    ['𠮷'.repeat(101), false],
    ['☺\uFE0E'.repeat(100), true],
  ])('count a text in characters as class-validator does (a name, at most 100): case %#', (name, accepted) => {
    const body = commandCatalogue['details-change'].body;
    const raw = { effectiveOn: '2025-04-01', name };
    expect(classValidatorAccepts(body, raw)).toBe(accepted);
    expect(compileBody(body)(raw).ok).toBe(accepted);
  });

  it.each(commandNames)('%s: accepts and refuses exactly what class-validator does', (name) => {
    const body = commandCatalogue[name].body;
    const compiled = compileBody(body);
    const rules = getMetadataStorage().getTargetValidationMetadatas(body, '', true, false);
    const fields = [...new Set(rules.map((rule) => rule.propertyName)), 'unknownField'];
    // Random bodies are almost all refused: bodies one change away from the example are accepted too.
    const nearExample = fc
      .tuple(fc.constantFrom(...fields), fc.constantFrom('keep', 'drop', 'replace'), value)
      .map(([field, change, replacement]) => {
        const raw: Record<string, unknown> = { ...exampleBodies[name] };
        if (change === 'drop') delete raw[field];
        if (change === 'replace') raw[field] = replacement;
        return raw;
      });
    const verdicts: boolean[] = [];
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(fc.constantFrom(...fields), value), nearExample), (raw) => {
        const accepted = classValidatorAccepts(body, raw);
        verdicts.push(accepted);
        expect(compiled(raw).ok).toBe(accepted);
      }),
      { numRuns: 400 },
    );
    expect(classValidatorAccepts(body, exampleBodies[name])).toBe(true);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});
