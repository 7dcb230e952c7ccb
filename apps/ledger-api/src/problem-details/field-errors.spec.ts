import { fieldErrors } from './field-errors';

describe('the errors of a body the global ValidationPipe refused', () => {
  it('words each broken rule as field: reason, whatever subject the rule gave its message', () => {
    expect(
      fieldErrors([
        { property: 'role', value: 'boss', constraints: { isIn: 'must be one of admin, auditor' } },
        { property: 'insurers', value: '123455', constraints: { isArray: 'insurers must be an array' } },
        {
          property: 'insurers',
          value: ['123455', '123456'],
          constraints: { satisfies: 'insurers[1]: insurer number check digit is wrong' },
        },
      ]),
    ).toEqual([
      'role: must be one of admin, auditor',
      'insurers: must be an array',
      'insurers[1]: insurer number check digit is wrong',
    ]);
  });

  it('names an unknown field as every other route does, and repeats no My Number as its name', () => {
    const unknown = (property: string) => ({
      property,
      constraints: { whitelistValidation: `property ${property} should not exist` },
    });
    const errors = fieldErrors([unknown('colour'), unknown('123456789018')]);
    expect(errors[0]).toBe('colour: not a field of this request');
    expect(errors[1]).not.toContain('123456789018');
  });

  it('names a nested field by its path', () => {
    expect(
      fieldErrors([
        {
          property: 'address',
          children: [{ property: 'postcode', value: 1000001, constraints: { isString: 'must be a string' } }],
        },
      ]),
    ).toEqual(['address.postcode: must be a string']);
  });

  it('says a field left out is required, and a null is no value, once for all the rules it broke', () => {
    const rules = { isString: 'must be a string', isNotEmpty: 'must not be empty' };
    expect(
      fieldErrors([
        { property: 'name', value: undefined, constraints: rules },
        { property: 'address', value: null, constraints: rules },
        { property: 'colour', value: null, constraints: { whitelistValidation: 'property colour should not exist' } },
      ]),
    ).toEqual([
      'name: is required',
      'address: must not be null: send a value, or leave out a field that is optional',
      'colour: not a field of this request',
    ]);
  });
});
