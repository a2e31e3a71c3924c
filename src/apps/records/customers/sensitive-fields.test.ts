import { describe, expect, it } from 'vitest';
import { maskValue } from './sensitive-fields.js';

describe('maskValue', () => {
  it('shows the last 4 characters of an SSN, an EIN and a date of birth', () => {
    expect(maskValue('123-45-6789')).toBe('•••6789');
    expect(maskValue('12-3456789')).toBe('•••6789');
    expect(maskValue('1980-04-30')).toBe('•••4-30');
    expect(maskValue('D1234567')).toBe('•••4567');
  });

  it.each(['', 'A', 'AB12', '1234'])('never shows a value of 4 characters or fewer, even in part (%j)', (value) => {
    const masked = maskValue(value);
    expect(masked).toBe('••••');
    for (const character of value) expect(masked).not.toContain(character);
  });

  it('keeps at least 4 characters hidden in a short value', () => {
    expect(maskValue('AB123')).toBe('•••3');
    expect(maskValue('AB1234')).toBe('•••34');
    expect(maskValue('AB12345')).toBe('•••345');
  });

  it('does not tell the length: the bullets are a fixed run', () => {
    expect(maskValue('X'.repeat(30) + '9876')).toBe('•••9876');
  });

  it('counts by code point, never cutting a surrogate pair', () => {
    expect(maskValue('ABCD😀😀')).toBe('•••😀😀');
  });
});
