import { describe, expect, it } from 'vitest';
import { formatG } from './python-format.ts';
import { pyFloatRepr, pyListRepr, pyStr, pyTuple, pyFloat } from './python-value.ts';

// Expected strings were produced by CPython 3.11 (`'%.*g' % (p, v)` and `repr(v)`).
const values = [0, 1, -0, 0.1, 0.5, 1e-5, 0.00043342, 123456.789, 1234567, 0.00001234, 1e16, 1e-4, 0.0001234, 99999.95, 0.000999999, 5e-324, 1.7976931348623157e308, Number.NaN, Number.POSITIVE_INFINITY, -2.5, 93.28461234, 1482.7300001, 0.0944];

describe('formatG', () => {
  it('formats like Python %.6g, the precision of results.csv', () => {
    expect(values.map((value) => formatG(value, 6))).toEqual([
      '0', '1', '-0', '0.1', '0.5', '1e-05', '0.00043342', '123457', '1.23457e+06', '1.234e-05', '1e+16', '0.0001', '0.0001234', '99999.9', '0.000999999', '4.94066e-324', '1.79769e+308', 'nan', 'inf', '-2.5', '93.2846', '1482.73', '0.0944',
    ]);
  });

  it('formats like Python %.4g, the precision of the progress line', () => {
    expect(values.map((value) => formatG(value, 4))).toEqual([
      '0', '1', '-0', '0.1', '0.5', '1e-05', '0.0004334', '1.235e+05', '1.235e+06', '1.234e-05', '1e+16', '0.0001', '0.0001234', '1e+05', '0.001', '4.941e-324', '1.798e+308', 'nan', 'inf', '-2.5', '93.28', '1483', '0.0944',
    ]);
  });

  it('formats like Python %.3g, the precision of validation lines', () => {
    expect(values.map((value) => formatG(value, 3))).toEqual([
      '0', '1', '-0', '0.1', '0.5', '1e-05', '0.000433', '1.23e+05', '1.23e+06', '1.23e-05', '1e+16', '0.0001', '0.000123', '1e+05', '0.001', '4.94e-324', '1.8e+308', 'nan', 'inf', '-2.5', '93.3', '1.48e+03', '0.0944',
    ]);
  });
});

describe('Python value printing', () => {
  it('prints floats as Python repr does', () => {
    expect(values.map(pyFloatRepr)).toEqual([
      '0.0', '1.0', '-0.0', '0.1', '0.5', '1e-05', '0.00043342', '123456.789', '1234567.0', '1.234e-05', '1e+16', '0.0001', '0.0001234', '99999.95', '0.000999999', '5e-324', '1.7976931348623157e+308', 'nan', 'inf', '-2.5', '93.28461234', '1482.7300001', '0.0944',
    ]);
  });

  it('prints values as an f-string does and lists as repr does', () => {
    expect([null, true, false, 5, pyFloat(5), 'abc', pyTuple([640, 480]), pyTuple([1])].map(pyStr)).toEqual(['None', 'True', 'False', '5', '5.0', 'abc', '(640, 480)', '(1,)']);
    expect(pyListRepr(['kobj=1.0', "it's", 'x'])).toBe(`['kobj=1.0', "it's", 'x']`);
  });
});
