import { isPrefectureCode } from './prefecture';

describe('prefecture code', () => {
  it('accepts 01 to 47', () => {
    for (const code of ['01', '13', '47']) expect(isPrefectureCode(code)).toBe(true);
  });

  it('refuses 00, 48 and up, and anything but two ASCII digits', () => {
    for (const code of ['00', '48', '99', '1', '013', '１３', ' 1']) expect(isPrefectureCode(code)).toBe(false);
  });
});
