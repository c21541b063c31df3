import { chatCommandNames, exportFormats, runsLimitMax } from './chat-commands.ts';
import type { ChatCommandName } from './chat-commands.ts';
import { runStates } from './run-states.ts';

// What each command looks like, for error answers (usage) and `/<command> help` (Slack mrkdwn).

const usages: Record<ChatCommandName, string> = {
  train: '/train <project> [key=value …]',
  export: '/export <run-id> [formats=onnx,engine,…] [key=value …]',
  runs: `/runs [project] [state=<state>] [mine] [limit=1-${runsLimitMax}]`,
  retrain: '/retrain <project> [on|off] [cron="<minute hour day month weekday>"] [tz=<time zone>] [key=value …]',
  models: '/models <project> [alias]',
};

const quotingNote = 'Put a value in quotes when it has spaces: `note="more night shots"`.';

const helpTexts: Record<ChatCommandName, string> = {
  train: [
    '*/train* starts a training run of a project.',
    `\`${usages.train}\``,
    'Parameters are the ones the project allows, such as `epochs`, `imgsz` or `batch`; whatever you leave out takes the project’s default. An unknown or out-of-range value is refused with the reason.',
    quotingNote,
    '*Examples*',
    '• `/train pcb-defect` — train with the project’s defaults',
    '• `/train pcb-defect epochs=50 imgsz=640`',
    '• `/train pcb-defect epochs=100 note="added night shift images"`',
  ].join('\n'),
  export: [
    '*/export* converts a finished run’s weights to deployment formats.',
    `\`${usages.export}\``,
    `Formats: ${exportFormats.join(', ')} (\`engine\` is TensorRT). Without \`formats=\` the project’s export defaults are used; other \`key=value\` options (such as \`half=true\`) go to the export. The run id is on the run card.`,
    '*Examples*',
    '• `/export 5f3c8a9e-2b1d-4c7a-9e0f-1a2b3c4d5e6f`',
    '• `/export 5f3c8a9e-2b1d-4c7a-9e0f-1a2b3c4d5e6f formats=onnx,engine half=true`',
  ].join('\n'),
  runs: [
    '*/runs* lists recent runs, newest first.',
    `\`${usages.runs}\``,
    `Filter by project, by state (${runStates.join(', ')}), or to your own runs with \`mine\`.`,
    '*Examples*',
    '• `/runs`',
    '• `/runs pcb-defect state=running`',
    '• `/runs mine limit=5`',
  ].join('\n'),
  retrain: [
    '*/retrain* shows or changes a project’s scheduled retrain.',
    `\`${usages.retrain}\``,
    'With only the project it shows the schedule. `off` pauses it and `on` resumes it; `cron` (five fields, in quotes) and `tz` (a time zone name) set when it runs; other `key=value` pairs are the training parameters it uses.',
    quotingNote,
    '*Examples*',
    '• `/retrain pcb-defect`',
    '• `/retrain pcb-defect cron="0 2 * * *" tz=Europe/Berlin`',
    '• `/retrain pcb-defect epochs=30 on`',
    '• `/retrain pcb-defect off`',
  ].join('\n'),
  models: [
    '*/models* lists a project’s model versions, or shows what an alias points at.',
    `\`${usages.models}\``,
    '*Examples*',
    '• `/models pcb-defect`',
    '• `/models pcb-defect production`',
  ].join('\n'),
};

/** One line showing how the command is typed, e.g. `/models <project> [alias]`. */
export function chatCommandUsage(name: ChatCommandName): string {
  return usages[name];
}

/** The help answer for `/<name> help`, in Slack mrkdwn, with examples. */
export function chatCommandHelp(name: ChatCommandName): string {
  return helpTexts[name];
}

/** The usage line of every command, for an answer to an unknown command. */
export function listChatCommandUsages(): string {
  return chatCommandNames.map((name) => usages[name]).join('\n');
}
