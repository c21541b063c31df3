/** Every text a person would read in a Slack message, block by block, one string per block. */
export function visibleText(message: unknown): string[] {
  const blocks = (message as { blocks?: unknown[] } | undefined)?.blocks ?? [];
  return blocks.map((block) => collectText(block).join(' | ')).filter((text) => text !== '');
}

function collectText(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(collectText);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string') return [record.text];
  return Object.values(record).flatMap(collectText);
}
