/**
 * The Luhn check digit of DOMAIN.md §3.1: from the rightmost digit, weights 2, 1, 2, 1...; a
 * two-digit product counts as the sum of its digits. Shared by insurer numbers and medical
 * institution codes, and it catches every single-digit error.
 */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const digit = Number(digits[digits.length - 1 - index]);
    const product = index % 2 === 0 ? digit * 2 : digit;
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

export const hasLuhnCheckDigit = (digits: string): boolean =>
  luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
