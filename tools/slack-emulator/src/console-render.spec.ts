import { describe, expect, it } from 'vitest';

// The console's renderers are browser modules (plain JavaScript, no build step); they are pure
// string functions, so they are loaded and checked here directly.

interface Lookup {
  userName?: (id: string) => string | undefined;
  channelName?: (id: string) => string | undefined;
  groupHandle?: (id: string) => string | undefined;
}
interface MrkdwnModule {
  renderMrkdwn(text: string, lookup?: Lookup): string;
  renderPlainText(text: string, emoji?: boolean): string;
}
interface BlocksModule {
  renderBlocks(blocks: unknown[], ctx?: { lookup?: Lookup; errors?: Record<string, string> }): string;
}

const mrkdwnPath = new URL('./console/render-mrkdwn.js', import.meta.url).href;
const blocksPath = new URL('./console/render-blocks.js', import.meta.url).href;
const { renderMrkdwn, renderPlainText } = (await import(mrkdwnPath)) as MrkdwnModule;
const { renderBlocks } = (await import(blocksPath)) as BlocksModule;

const lookup: Lookup = {
  userName: (id) => ({ U05BX9ZT3PQ: 'alice' })[id],
  channelName: (id) => ({ C07PCB4D3F1: 'pcb-defect' })[id],
  groupHandle: (id) => ({ S0APPROVERS: 'approvers' })[id],
};

describe('renderMrkdwn', () => {
  it('renders bold, italic, strike and inline code, leaving snake_case alone', () => {
    expect(renderMrkdwn('*Run 3* is _running_ ~slowly~ with `lr0=0.01` on close_mosaic')).toBe(
      '<b>Run 3</b> is <i>running</i> <s>slowly</s> with <code class="mrkdwn-code">lr0=0.01</code> on close_mosaic',
    );
  });

  it('renders links, mentions, user groups, @here and dates, and decodes Slack escapes', () => {
    expect(renderMrkdwn('<https://127.0.0.1/runs/3|run 3> for <@U05BX9ZT3PQ> in <#C07PCB4D3F1> cc <!subteam^S0APPROVERS> <!here> at <!date^1700000000^{date}|Nov 14> &lt;b&gt; &amp;', lookup)).toBe(
      '<a href="https://127.0.0.1/runs/3" target="_blank" rel="noopener noreferrer">run 3</a> for ' +
        '<span class="mention" data-user="U05BX9ZT3PQ">@alice</span> in <span class="mention channel">#pcb-defect</span> cc ' +
        '<span class="mention group">@approvers</span> <span class="mention broadcast">@here</span> at Nov 14 &lt;b&gt; &amp;',
    );
  });

  it('renders code blocks and quotes and never lets HTML through', () => {
    expect(renderMrkdwn('```\nyolo train epochs=5 <x>\n```')).toBe('<pre class="mrkdwn-pre">yolo train epochs=5 &lt;x&gt;\n</pre>');
    expect(renderMrkdwn('&gt; quoted *bold*\nplain')).toBe('<blockquote class="mrkdwn-quote">quoted <b>bold</b></blockquote>plain');
    expect(renderMrkdwn('<javascript:alert(1)|click> <img src=x onerror=alert(1)>')).not.toMatch(/<img|href="javascript/);
  });

  it('turns the product emoji shortcodes into emoji and keeps unknown ones as typed', () => {
    expect(renderMrkdwn(':white_check_mark: :x: :hourglass_flowing_sand: :rocket: :no_such_emoji:')).toBe('✅ ❌ ⏳ 🚀 :no_such_emoji:');
    expect(renderPlainText(':rocket: <go>', false)).toBe(':rocket: &lt;go&gt;');
  });
});

describe('renderBlocks', () => {
  it('renders a run card: header, fields, context, styled buttons with action data and a confirm', () => {
    const html = renderBlocks(
      [
        { type: 'header', block_id: 'h', text: { type: 'plain_text', text: 'Run 3 :rocket:' } },
        { type: 'section', block_id: 's', fields: [{ type: 'mrkdwn', text: '*mAP50*\n0.91' }] },
        { type: 'context', block_id: 'c', elements: [{ type: 'mrkdwn', text: 'by <@U05BX9ZT3PQ>' }] },
        { type: 'divider', block_id: 'd' },
        {
          type: 'actions',
          block_id: 'a',
          elements: [
            { type: 'button', action_id: 'approve', value: 'run-3', style: 'primary', text: { type: 'plain_text', text: 'Approve' }, confirm: { title: { type: 'plain_text', text: 'Sure?' } } },
            { type: 'button', action_id: 'logs', url: 'https://example.com/logs', text: { type: 'plain_text', text: 'Logs' } },
          ],
        },
      ],
      { lookup },
    );
    expect(html).toContain('<div class="bk-header" data-block-id="h">Run 3 🚀</div>');
    expect(html).toContain('<div class="bk-field"><b>mAP50</b><br>0.91</div>');
    expect(html).toContain('by <span class="mention" data-user="U05BX9ZT3PQ">@alice</span>');
    expect(html).toContain('<hr class="bk-divider" data-block-id="d">');
    expect(html).toContain(
      '<button type="button" class="bk-button primary" data-kind="button" data-action-id="approve" data-block-id="a" data-confirm="{&quot;title&quot;:{&quot;type&quot;:&quot;plain_text&quot;,&quot;text&quot;:&quot;Sure?&quot;}}" data-value="run-3">Approve</button>',
    );
    expect(html).toContain('data-url="https://example.com/logs">Logs <span class="bk-link-arrow">↗</span></button>');
  });

  it('loads images from this machine only and names the others instead', () => {
    const html = renderBlocks([
      { type: 'image', image_url: 'http://127.0.0.1:9000/chart.png', alt_text: 'chart' },
      { type: 'image', image_url: 'https://cdn.example.com/x.png', alt_text: 'remote' },
    ]);
    expect(html).toContain('<img class="bk-image-img" src="http://127.0.0.1:9000/chart.png" alt="chart" loading="lazy">');
    expect(html).not.toContain('src="https://cdn.example.com');
    expect(html).toContain('🖼️ remote');
  });

  it('renders modal inputs with their field errors', () => {
    const html = renderBlocks(
      [{ type: 'input', block_id: 'epochs', label: { type: 'plain_text', text: 'Epochs' }, element: { type: 'number_input', action_id: 'value', is_decimal_allowed: false } }],
      { errors: { epochs: 'At most 300' } },
    );
    expect(html).toContain('data-input-block="epochs" data-input-action="value" data-input-type="number_input"');
    expect(html).toContain('<div class="bk-error">At most 300</div>');
  });

  it('says so for a block it does not know', () => {
    expect(renderBlocks([{ type: 'hologram' }])).toBe('<div class="bk-unknown">This block (hologram) is not supported here.</div>');
  });
});
