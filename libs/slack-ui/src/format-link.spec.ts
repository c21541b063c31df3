import { describe, expect, it } from 'vitest';
import { formatLink } from './format-link.ts';

describe('formatLink', () => {
  it('writes a mrkdwn link with the label escaped', () => {
    expect(formatLink('https://argo.example.com/a?b=1&c=2', 'Argo <UI>')).toBe('<https://argo.example.com/a?b=1&amp;c=2|Argo &lt;UI&gt;>');
  });

  it('encodes the characters that would end the link early', () => {
    expect(formatLink('http://x/a|b>c<d', 'x')).toBe('<http://x/a%7Cb%3Ec%3Cd|x>');
  });

  it('gives no link at all when the URL is too long to show whole', () => {
    expect(formatLink(`http://x/${'a'.repeat(3_000)}`, 'x')).toBeUndefined();
  });
});
