import { describe, expect, it } from 'vitest';
import { ByteQuantitySchema, CpuQuantitySchema, parseQuantity } from './kubernetes-quantity.ts';

describe('Kubernetes quantities', () => {
  it.each([
    ['500m', 0.5], ['4', 4], ['2.5', 2.5], ['16Gi', 16 * 2 ** 30], ['8G', 8e9], ['1e3', 1000], ['128974848', 128974848],
  ])('reads %s', (text, value) => expect(parseQuantity(text)).toBe(value));

  it.each(['16GB', '1.5.2', 'lots', '', '4 Gi', '2K'])('refuses %j', (text) => expect(parseQuantity(text)).toBeUndefined());

  it('takes CPU as a YAML number or string and keeps the string form', () => {
    expect(CpuQuantitySchema.parse(4)).toBe('4');
    expect(CpuQuantitySchema.parse('500m')).toBe('500m');
    expect(CpuQuantitySchema.safeParse('0').error?.issues[0]?.message).toBe('must be more than zero, got "0"');
  });

  it('catches byte amounts that cannot be meant', () => {
    expect(ByteQuantitySchema.parse('32Gi')).toBe('32Gi');
    expect(ByteQuantitySchema.safeParse(16).error?.issues[0]?.message).toBe('"16" is less than 1Mi (a bare number counts bytes); did you mean "16Gi"?');
    expect(ByteQuantitySchema.safeParse('16GB').error?.issues[0]?.message).toBe('"16GB" is not a Kubernetes quantity such as "16Gi"');
    expect(ByteQuantitySchema.safeParse(true).error?.issues[0]?.message).toBe('expected a Kubernetes quantity such as "16Gi"');
  });
});
