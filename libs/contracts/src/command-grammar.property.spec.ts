import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatCommandSchema } from './chat-command-schema.ts';
import { chatCommandNameOf, chatCommandNames, exportFormats, isChatValueText } from './chat-commands.ts';
import type { ChatCommand } from './chat-commands.ts';
import { formatChatCommand } from './command-formatter.ts';
import { parseChatCommand } from './command-grammar.ts';
import { runStates } from './run-states.ts';

// Characters the grammar treats specially, mixed into random text so that quoting, escaping,
// keywords and normalisation are exercised far more often than uniform text would.
const trickyPieces = [' ', '  ', '\t', '\n', '\u00a0', '"', "'", '\\', '=', ',', '“', '”', '‘', '’', '–', '—', 'help', 'mine', 'on', 'off', 'epochs=', 'a', '1', '🐟', '\u0000', '\ud800', '/'];
const trickyText = fc.array(fc.oneof(fc.constantFrom(...trickyPieces), fc.string({ maxLength: 4 })), { maxLength: 24 }).map((parts) => parts.join(''));

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  trickyText,
  fc.string({ unit: 'binary-ascii', minLength: 3990, maxLength: 4100 }),
  fc.constantFrom('"', "'", '“', '\\', '=', 'help', '"help"', 'x=', '=x', '--', '—'),
);
const anyCommandName = fc.oneof(
  fc.constantFrom(...chatCommandNames).chain((name) => fc.constantFrom(name, `/${name}`, name.toUpperCase())),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

describe('parseChatCommand on any input', () => {
  it('never throws, and answers with a valid command or a message and usage', () => {
    fc.assert(
      fc.property(anyCommandName, anyText, (command, text) => {
        const result = parseChatCommand(command, text);
        if (result.ok) {
          expect(ChatCommandSchema.safeParse(result.command).success).toBe(true);
          // What the grammar produced, it can also write back.
          expect(parseChatCommand(chatCommandNameOf(result.command), formatChatCommand(result.command))).toEqual(result);
        } else {
          expect(Object.keys(result)).toEqual(['ok', 'error']);
          expect(Object.keys(result.error)).toEqual(['message', 'usage']);
          expect(result.error.message).not.toBe('');
          expect(result.error.usage).not.toBe('');
          expect(result.error.message).not.toMatch(/^Sorry/u);
        }
      }),
      { numRuns: 500 },
    );
  });
});

const projectName = fc.oneof(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/), fc.constantFrom('help', 'mine', 'on', 'off', 'pcb-defect'));
const optionKey = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,11}$/), fc.constantFrom('epochs', 'imgsz', 'constructor', 'toString'));
const optionValue = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), trickyText).filter(isChatValueText);
const params = (reserved: readonly string[]) =>
  fc.dictionary(optionKey.filter((key) => !reserved.includes(key)), optionValue, { maxKeys: 4 });
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

const chatCommand: fc.Arbitrary<ChatCommand> = fc.oneof(
  fc.record({ kind: fc.constant('train' as const), project: projectName, params: params([]) }),
  fc.record({
    kind: fc.constant('export' as const),
    runId: fc.uuid(),
    formats: optional(fc.uniqueArray(fc.constantFrom(...exportFormats), { minLength: 1 })),
    params: params(['formats', 'format']),
  }),
  fc.record({
    kind: fc.constant('runs' as const),
    project: optional(projectName),
    state: optional(fc.constantFrom(...runStates)),
    mine: fc.boolean(),
    limit: optional(fc.integer({ min: 1, max: 100 })),
  }),
  fc.record({
    kind: fc.constant('retrain' as const),
    project: projectName,
    enabled: optional(fc.boolean()),
    cron: optional(fc.constantFrom('0 2 * * *', '*/15 9-17 * * mon-fri', '5/20 0 * * 7', '0 0 1,15 jan-jun/2 0')),
    timezone: optional(fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata')),
    params: params(['cron', 'tz', 'timezone']),
  }),
  fc.record({ kind: fc.constant('models' as const), project: projectName, alias: optional(fc.stringMatching(/^[a-z][a-z0-9_-]{0,39}$/)) }),
  fc.record({ kind: fc.constant('help' as const), about: fc.constantFrom(...chatCommandNames) }),
).map(withoutUndefined);

describe('formatChatCommand', () => {
  it('writes text that parses back to the same command', () => {
    fc.assert(
      fc.property(chatCommand, (command) => {
        expect(ChatCommandSchema.safeParse(command).success).toBe(true);
        expect(parseChatCommand(chatCommandNameOf(command), formatChatCommand(command))).toEqual({ ok: true, command });
      }),
      { numRuns: 500 },
    );
  });
});
