/** Insurer numbers and medical institution codes both carry a JIS prefecture code, 01 (Hokkaido) to 47 (Okinawa). */
export function isPrefectureCode(twoDigits: string): boolean {
  const code = Number(twoDigits);
  return /^\d{2}$/.test(twoDigits) && code >= 1 && code <= 47;
}
