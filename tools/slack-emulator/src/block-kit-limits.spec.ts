import { describe, expect, it } from 'vitest';
import { findBlockProblems, findViewProblems } from './block-kit-limits.ts';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });
const button = (overrides: Record<string, unknown> = {}) => ({ type: 'button', text: plain('Approve'), action_id: 'approve', ...overrides });

describe('findBlockProblems', () => {
  it('accepts a run card that uses every block the product draws', () => {
    const blocks = [
      { type: 'header', text: plain('pcb-defect #42 :rocket:') },
      { type: 'section', text: mrkdwn('*Running* epoch 3/50'), fields: [mrkdwn('*mAP50*\n0.81'), mrkdwn('*recall*\n0.77')], accessory: { type: 'image', image_url: 'http://127.0.0.1/x.png', alt_text: 'chart' } },
      { type: 'context', elements: [mrkdwn('requested by <@U05BX9ZT3PQ>'), { type: 'image', image_url: 'http://127.0.0.1/i.png', alt_text: 'icon' }] },
      { type: 'image', image_url: 'http://127.0.0.1/chart.png', alt_text: 'mAP over epochs', title: plain('Metrics') },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          button({ style: 'primary', value: 'run-42', confirm: { title: plain('Promote?'), text: mrkdwn('Really?'), confirm: plain('Yes'), deny: plain('No') } }),
          button({ action_id: 'reject', style: 'danger' }),
          button({ action_id: 'logs', url: 'http://127.0.0.1/logs' }),
        ],
      },
    ];
    expect(findBlockProblems(blocks, 'message')).toEqual([]);
  });

  it('reports section text over 3000 characters in Slack words with a JSON pointer', () => {
    expect(findBlockProblems([{ type: 'section', text: mrkdwn('x'.repeat(3001)) }], 'message')).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(findBlockProblems([{ type: 'section', text: mrkdwn('x'.repeat(3000)) }], 'message')).toEqual([]);
  });

  it('allows 50 blocks in a message and 100 in a modal or Home tab', () => {
    const divider = { type: 'divider' };
    expect(findBlockProblems(Array(50).fill(divider), 'message')).toEqual([]);
    expect(findBlockProblems(Array(51).fill(divider), 'message')).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
    expect(findBlockProblems(Array(100).fill(divider), 'modal')).toEqual([]);
    expect(findBlockProblems(Array(101).fill(divider), 'home')).toEqual(['no more than 100 items allowed [json-pointer:/blocks]']);
  });

  it('enforces the header, field, button, id, element and context limits', () => {
    const cases: [unknown, string][] = [
      [{ type: 'header', text: plain('h'.repeat(151)) }, 'must be less than 151 characters [json-pointer:/blocks/0/text/text]'],
      [{ type: 'header', text: mrkdwn('*h*') }, 'must be a valid enum value [json-pointer:/blocks/0/text/type]'],
      [{ type: 'section', fields: Array(11).fill(mrkdwn('f')) }, 'no more than 10 items allowed [json-pointer:/blocks/0/fields]'],
      [{ type: 'section', fields: [mrkdwn('f'.repeat(2001))] }, 'must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]'],
      [{ type: 'actions', elements: [button({ text: plain('b'.repeat(76)) })] }, 'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]'],
      [{ type: 'actions', elements: [button({ value: 'v'.repeat(2001) })] }, 'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]'],
      [{ type: 'actions', elements: [button({ action_id: 'a'.repeat(256) })] }, 'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]'],
      [{ type: 'divider', block_id: 'b'.repeat(256) }, 'must be less than 256 characters [json-pointer:/blocks/0/block_id]'],
      [{ type: 'actions', elements: Array(26).fill(button()) }, 'no more than 25 items allowed [json-pointer:/blocks/0/elements]'],
      [{ type: 'image', image_url: 'http://127.0.0.1/a.png', alt_text: 'a'.repeat(2001) }, 'must be less than 2001 characters [json-pointer:/blocks/0/alt_text]'],
      [{ type: 'context', elements: Array(11).fill(mrkdwn('c')) }, 'no more than 10 items allowed [json-pointer:/blocks/0/elements]'],
      [{ type: 'actions', elements: [button({ style: 'loud' })] }, 'must be a valid enum value [json-pointer:/blocks/0/elements/0/style]'],
    ];
    for (const [block, problem] of cases) expect(findBlockProblems([block], 'message')).toEqual([problem]);
  });

  it('refuses unknown block and element types and sections with neither text nor fields', () => {
    expect(findBlockProblems([{ type: 'carousel' }], 'message')).toEqual(['unsupported type: carousel [json-pointer:/blocks/0/type]']);
    expect(findBlockProblems([{ type: 'actions', elements: [{ type: 'slider' }] }], 'message')).toEqual([
      'unsupported type: slider [json-pointer:/blocks/0/elements/0/type]',
    ]);
    expect(findBlockProblems([{ type: 'section' }], 'message')).toEqual(['must define either `text` or `fields` [json-pointer:/blocks/0/type]']);
    expect(findBlockProblems([{ type: 'section', text: mrkdwn('') }], 'message')).toEqual(['must be more than 0 characters [json-pointer:/blocks/0/text/text]']);
  });

  it('checks a confirm dialog limits', () => {
    const confirm = { title: plain('t'.repeat(101)), text: mrkdwn('ok'), confirm: plain('Yes'), deny: plain('No') };
    expect(findBlockProblems([{ type: 'actions', elements: [button({ confirm })] }], 'message')).toEqual([
      'must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]',
    ]);
  });
});

describe('findViewProblems', () => {
  it('accepts a modal with inputs and a submit button', () => {
    const view = {
      type: 'modal',
      title: plain('New training run'),
      submit: plain('Start'),
      blocks: [{ type: 'input', block_id: 'epochs', label: plain('Epochs'), element: { type: 'number_input', is_decimal_allowed: false, action_id: 'value' } }],
    };
    expect(findViewProblems(view, 'modal')).toEqual([]);
  });

  it('refuses a long title, a missing submit for inputs and the wrong view type', () => {
    const view = {
      type: 'modal',
      title: plain('t'.repeat(25)),
      blocks: [{ type: 'input', label: plain('Name'), element: { type: 'plain_text_input', action_id: 'name' } }],
    };
    expect(findViewProblems(view, 'modal')).toEqual([
      'must be less than 25 characters [json-pointer:/view/title/text]',
      'must provide submit when the view has input blocks [json-pointer:/view/submit]',
    ]);
    expect(findViewProblems({ type: 'home', blocks: [] }, 'modal')).toEqual(['unsupported type: home [json-pointer:/view/type]']);
  });
});
