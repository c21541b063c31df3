import { describe, expect, it } from 'vitest';
import { mrkdwn, plainText } from './block-kit.ts';
import type { Block, SlackMessage } from './block-kit.ts';
import {
  enforceSlackLimits,
  escapeMrkdwn,
  listSlackLimitViolations,
  slackLimits,
  truncateMrkdwn,
  truncateText,
} from './slack-limits.ts';

describe('truncateText', () => {
  it('leaves text within the limit untouched', () => {
    expect(truncateText('epochs', 6)).toBe('epochs');
  });

  it('cuts to exactly the limit and ends with an ellipsis', () => {
    const cut = truncateText('abcdefghij', 5);
    expect(cut).toBe('abcd…');
    expect(cut).toHaveLength(5);
  });

  it('never splits an emoji in half', () => {
    // '😀' is two UTF-16 code units; a cut between them would leave an invalid string.
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
  });
});

describe('truncateMrkdwn', () => {
  it('does not leave half a mention or link behind', () => {
    expect(truncateMrkdwn('by <@U0123ABCD> today', 10)).toBe('by …');
  });

  it('does not leave half an escaped entity behind', () => {
    expect(truncateMrkdwn('a &amp; b', 5)).toBe('a …');
  });

  it('keeps a complete token before the cut', () => {
    expect(truncateMrkdwn('<@U1> wrote a long story', 10)).toBe('<@U1> wro…');
  });
});

describe('escapeMrkdwn', () => {
  it('turns control characters into entities so nobody can be pinged from user text', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});

describe('enforceSlackLimits', () => {
  it('keeps a valid message as it is', () => {
    const message: SlackMessage = {
      text: 'hello',
      blocks: [
        { type: 'header', text: plainText('Hi') },
        { type: 'section', text: mrkdwn('*there*') },
      ],
    };
    expect(enforceSlackLimits(message)).toEqual(message);
  });

  it('cuts an oversized header, section, fields, button and fallback text to their limits', () => {
    const huge = 'x'.repeat(100_000);
    const message = enforceSlackLimits({
      text: huge,
      blocks: [
        { type: 'header', text: plainText(huge), block_id: huge },
        {
          type: 'section',
          text: mrkdwn(huge),
          fields: Array.from({ length: 25 }, () => mrkdwn(huge)),
          accessory: { type: 'button', text: plainText(huge), action_id: huge, value: huge },
        },
      ],
    });
    expect(listSlackLimitViolations(message)).toEqual([]);
    const [header, section] = message.blocks;
    expect(header).toMatchObject({ text: { text: `${'x'.repeat(149)}…` } });
    expect(header?.block_id).toHaveLength(255);
    if (section?.type !== 'section') throw new Error('expected a section');
    expect(section.text?.text).toHaveLength(3_000);
    expect(section.fields).toHaveLength(10);
    expect(section.fields?.[0]?.text).toHaveLength(2_000);
    expect(section.fields?.[9]?.text).toBe('… and 16 more');
    expect(section.accessory?.text.text).toHaveLength(75);
    expect(section.accessory?.action_id).toHaveLength(255);
    expect(section.accessory?.value).toHaveLength(2_000);
    expect(message.text).toHaveLength(40_000);
  });

  it('cuts oversized context and actions blocks to their limits', () => {
    const huge = 'z'.repeat(5_000);
    const message = enforceSlackLimits({
      text: 'limits',
      blocks: [
        { type: 'context', elements: Array.from({ length: 15 }, () => plainText(huge)) },
        {
          type: 'actions',
          elements: Array.from({ length: 30 }, (_, index) => ({
            type: 'button' as const,
            text: plainText(huge),
            action_id: `${index}-${huge}`,
          })),
        },
      ],
    });
    expect(listSlackLimitViolations(message)).toEqual([]);
    const [context, actions] = message.blocks;
    expect(context?.type === 'context' && context.elements).toHaveLength(10);
    expect(context?.type === 'context' && context.elements[0]?.text).toHaveLength(3_000);
    expect(actions?.type === 'actions' && actions.elements).toHaveLength(25);
  });

  it('drops blocks past fifty and says how many were left out', () => {
    const blocks: Block[] = Array.from({ length: 120 }, (_, index) => ({
      type: 'section',
      text: mrkdwn(`run ${index + 1}`),
    }));
    const message = enforceSlackLimits({ text: 'runs', blocks });
    expect(message.blocks).toHaveLength(slackLimits.blocksPerMessage);
    expect(message.blocks[48]).toEqual({ type: 'section', text: mrkdwn('run 49') });
    expect(message.blocks[49]).toEqual({ type: 'context', elements: [mrkdwn('… and 71 more not shown.')] });
    expect(listSlackLimitViolations(message)).toEqual([]);
  });

  it('keeps exactly fifty blocks without a notice', () => {
    const blocks: Block[] = Array.from({ length: 50 }, () => ({ type: 'divider' }));
    expect(enforceSlackLimits({ text: 't', blocks }).blocks).toEqual(blocks);
  });

  it('keeps the text across all blocks within the message limit', () => {
    const blocks: Block[] = Array.from({ length: 40 }, () => ({ type: 'section', text: mrkdwn('y'.repeat(3_000)) }));
    const message = enforceSlackLimits({ text: 't', blocks });
    expect(message.blocks).toHaveLength(14);
    expect(message.blocks[13]).toEqual({ type: 'context', elements: [mrkdwn('… and 27 more not shown.')] });
    expect(listSlackLimitViolations(message)).toEqual([]);
  });

  it('fills an empty fallback text and empty text objects', () => {
    const message = enforceSlackLimits({
      text: '  ',
      blocks: [
        { type: 'header', text: plainText('') },
        { type: 'section' },
        { type: 'context', elements: [] },
        { type: 'actions', elements: [] },
      ],
    });
    expect(message).toEqual({
      text: '—',
      blocks: [
        { type: 'header', text: plainText('—') },
        { type: 'section', text: mrkdwn('—') },
      ],
    });
    expect(listSlackLimitViolations(message)).toEqual([]);
  });

  it('removes a link button whose URL is too long rather than cutting the link', () => {
    const message = enforceSlackLimits({
      text: 't',
      blocks: [
        {
          type: 'section',
          text: mrkdwn('run'),
          accessory: { type: 'button', text: plainText('Open'), action_id: 'open', url: `https://x/${'a'.repeat(3_000)}` },
        },
      ],
    });
    expect(message.blocks).toEqual([{ type: 'section', text: mrkdwn('run') }]);
  });
});

describe('listSlackLimitViolations', () => {
  it('names each broken limit with its place', () => {
    expect(
      listSlackLimitViolations({
        text: '',
        blocks: [{ type: 'header', text: plainText('h'.repeat(151)) }, { type: 'section' }],
      }),
    ).toEqual([
      'message: fallback text is empty',
      'block 1: header text is 151 > 150',
      'block 2: section has neither text nor fields',
    ]);
  });
});
