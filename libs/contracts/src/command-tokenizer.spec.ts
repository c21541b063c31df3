import { describe, expect, it } from 'vitest';
import { normalizeChatText, renderChatWord, tokenizeChatText } from './command-tokenizer.ts';

function words(text: string) {
  const result = tokenizeChatText(text);
  if (!result.ok) throw new Error(result.message);
  return result.tokens;
}

describe('normalizeChatText', () => {
  it('turns Slack’s typographic quotes and dashes into plain ones', () => {
    expect(normalizeChatText('note=“a b” tag=‘x’ —epochs=5 a–b −1')).toBe('note="a b" tag=\'x\' -epochs=5 a-b -1');
  });
});

describe('tokenizeChatText', () => {
  it('splits on any white space, including no-break spaces and newlines', () => {
    expect(words(' a\u00a0b\tc\nd ').map((token) => token.text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reads key=value with the value quoted or not', () => {
    expect(words('epochs=50 cron="0 2 * * *" a=b=c')).toEqual([
      { text: 'epochs=50', typed: 'epochs=50', quoted: false, option: { key: 'epochs', value: '50' } },
      { text: 'cron=0 2 * * *', typed: 'cron="0 2 * * *"', quoted: true, option: { key: 'cron', value: '0 2 * * *' } },
      { text: 'a=b=c', typed: 'a=b=c', quoted: false, option: { key: 'a', value: 'b=c' } },
    ]);
  });

  it('treats a quoted = as part of a plain word', () => {
    expect(words('"a=b"')).toEqual([{ text: 'a=b', typed: '"a=b"', quoted: true }]);
  });

  it('lets a backslash escape the quote and itself, and keeps any other backslash', () => {
    expect(words(String.raw`n="say \"hi\"" p='it\'s' w="C:\dir\\"`).map((token) => token.option?.value)).toEqual([
      'say "hi"',
      "it's",
      'C:\\dir\\',
    ]);
  });

  it('joins quoted and unquoted parts of one word', () => {
    expect(words(`a"b c"'d'`).map((token) => token.text)).toEqual(['ab cd']);
  });

  it('fails on a quote that is never closed, showing where it starts', () => {
    expect(tokenizeChatText('pcb cron="0 2 * *')).toEqual({
      ok: false,
      message: 'This quote is never closed: cron="0 2 * * (put a closing " after the value)',
    });
  });
});

describe('renderChatWord', () => {
  it('quotes only what needs quoting and reads back to the same word', () => {
    const cases: Array<[string, boolean, string]> = [
      ['pcb-defect', true, 'pcb-defect'],
      ['a b', false, '"a b"'],
      ['', false, '""'],
      ['say "hi"', false, String.raw`"say \"hi\""`],
      [String.raw`C:\dir`, false, String.raw`C:\dir`],
      [String.raw`a\ b`, false, String.raw`"a\\ b"`],
      ['a=b', true, '"a=b"'],
      ['a=b', false, 'a=b'],
      ['Help', true, '"Help"'],
      ['help', false, 'help'],
    ];
    for (const [value, standalone, rendered] of cases) {
      expect(renderChatWord(value, { standalone })).toBe(rendered);
      expect(words(rendered)[0]?.text).toBe(value);
    }
  });
});
