import fc from 'fast-check';

/** Every way to change exactly one digit of a number: position and a different digit. */
export const singleDigitChange = (length: number) =>
  fc
    .tuple(fc.nat({ max: length - 1 }), fc.integer({ min: 1, max: 9 }))
    .map(([position, shift]) => ({ position, shift }));

export const changeDigit = (text: string, position: number, shift: number): string =>
  text.slice(0, position) + String((Number(text[position]) + shift) % 10) + text.slice(position + 1);

export const digits = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((list) => list.join(''));

export const prefectureCode = fc.integer({ min: 1, max: 47 }).map((code) => String(code).padStart(2, '0'));
