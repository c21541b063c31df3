import { describe, expect, it } from 'vitest';
import { chatCommandNames } from './chat-commands.ts';
import { parseChatCommand } from './command-grammar.ts';
import { chatCommandHelp, chatCommandUsage } from './command-help.ts';

describe('chatCommandHelp', () => {
  it('shows every command’s usage and examples that the grammar accepts', () => {
    for (const name of chatCommandNames) {
      const help = chatCommandHelp(name);
      expect(help).toContain(chatCommandUsage(name));
      const examples = [...help.matchAll(/^• `\/([a-z]+) ?([^`]*)`/gmu)];
      expect(examples.length).toBeGreaterThanOrEqual(2);
      for (const [, command = '', text = ''] of examples) {
        expect(command).toBe(name);
        expect(parseChatCommand(command, text)).toMatchObject({ ok: true });
      }
    }
  });
});
