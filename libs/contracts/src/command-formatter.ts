import { chatCommandNameOf } from './chat-commands.ts';
import type { ChatCommand } from './chat-commands.ts';
import { renderChatWord } from './command-tokenizer.ts';

// Parsed commands back into words, for "run again" hints and audit lines. The promise, checked by
// a property test: parseChatCommand(chatCommandNameOf(c), formatChatCommand(c)) gives c back.

/** The text after the slash command, e.g. `pcb-defect epochs=50 note="night shift"`. */
export function formatChatCommand(command: ChatCommand): string {
  const words: string[] = [];
  switch (command.kind) {
    case 'help':
      words.push('help');
      break;
    case 'train':
      words.push(standalone(command.project), ...options(command.params));
      break;
    case 'export':
      words.push(standalone(command.runId));
      if (command.formats !== undefined) words.push(`formats=${command.formats.join(',')}`);
      words.push(...options(command.params));
      break;
    case 'runs':
      if (command.project !== undefined) words.push(standalone(command.project));
      if (command.state !== undefined) words.push(`state=${command.state}`);
      if (command.mine) words.push('mine');
      if (command.limit !== undefined) words.push(`limit=${command.limit}`);
      break;
    case 'retrain':
      words.push(standalone(command.project));
      if (command.enabled !== undefined) words.push(command.enabled ? 'on' : 'off');
      if (command.cron !== undefined) words.push(option('cron', command.cron));
      if (command.timezone !== undefined) words.push(option('tz', command.timezone));
      words.push(...options(command.params));
      break;
    case 'models':
      words.push(standalone(command.project));
      if (command.alias !== undefined) words.push(standalone(command.alias));
      break;
  }
  return words.join(' ');
}

/** The whole line a person would type, e.g. `/train pcb-defect epochs=50`. */
export function formatChatCommandLine(command: ChatCommand): string {
  const text = formatChatCommand(command);
  return text.length === 0 ? `/${chatCommandNameOf(command)}` : `/${chatCommandNameOf(command)} ${text}`;
}

function standalone(value: string): string {
  return renderChatWord(value, { standalone: true });
}

function option(key: string, value: string): string {
  return `${key}=${renderChatWord(value, { standalone: false })}`;
}

function options(params: Record<string, string>): string[] {
  return Object.entries(params).map(([key, value]) => option(key, value));
}
