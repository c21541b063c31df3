import { describe, expect, it } from 'vitest';
import type { ChatCommand } from './chat-commands.ts';
import { parseChatCommand } from './command-grammar.ts';
import { chatCommandUsage } from './command-help.ts';

const runId = '5f3c8a9e-2b1d-4c7a-9e0f-1a2b3c4d5e6f';

function parsed(command: string, text: string): ChatCommand {
  const result = parseChatCommand(command, text);
  if (!result.ok) throw new Error(result.error.message);
  return result.command;
}

function refused(command: string, text: string): string {
  const result = parseChatCommand(command, text);
  if (result.ok) throw new Error(`expected ${command} ${JSON.stringify(text)} to be refused`);
  return result.error.message;
}

describe('parseChatCommand: command names', () => {
  it('takes the name with or without the slash, in any case', () => {
    expect(parsed('/train', 'pcb')).toEqual({ kind: 'train', project: 'pcb', params: {} });
    expect(parsed(' Train ', 'pcb')).toEqual({ kind: 'train', project: 'pcb', params: {} });
  });

  it('refuses an unknown command with a guess and lists every command as usage', () => {
    const result = parseChatCommand('/trian', 'pcb');
    expect(result).toEqual({
      ok: false,
      error: {
        message: 'Unknown command "/trian": did you mean /train?',
        usage: [
          '/train <project> [key=value …]',
          '/export <run-id> [formats=onnx,engine,…] [key=value …]',
          '/runs [project] [state=<state>] [mine] [limit=1-100]',
          '/retrain <project> [on|off] [cron="<minute hour day month weekday>"] [tz=<time zone>] [key=value …]',
          '/models <project> [alias]',
        ].join('\n'),
      },
    });
    expect(refused('/deploy', '')).toBe('Unknown command "/deploy". The commands are /train, /export, /runs, /retrain, /models');
    expect(refused('', '')).toBe('No command given. The commands are /train, /export, /runs, /retrain, /models');
  });

  it('answers with the command’s usage line alongside a message', () => {
    expect(parseChatCommand('train', 'pcb 50')).toMatchObject({ ok: false, error: { usage: chatCommandUsage('train') } });
  });
});

describe('parseChatCommand: help', () => {
  it('gives help for the word help alone, in any case', () => {
    for (const name of ['train', 'export', 'runs', 'retrain', 'models'] as const) {
      expect(parsed(name, 'help')).toEqual({ kind: 'help', about: name });
    }
    expect(parsed('runs', '  HELP ')).toEqual({ kind: 'help', about: 'runs' });
  });

  it('gives help for empty text when the command needs an argument, and lists runs otherwise', () => {
    expect(parsed('train', '   ')).toEqual({ kind: 'help', about: 'train' });
    expect(parsed('models', '')).toEqual({ kind: 'help', about: 'models' });
    expect(parsed('runs', '')).toEqual({ kind: 'runs', mine: false });
  });

  it('reads a quoted "help" as a project name', () => {
    expect(parsed('train', '"help"')).toEqual({ kind: 'train', project: 'help', params: {} });
  });
});

describe('parseChatCommand: text as a whole', () => {
  it('reads Slack’s smart quotes and dashes as plain ones', () => {
    expect(parsed('train', 'pcb note=“night shift” tag=‘a b’')).toEqual({
      kind: 'train',
      project: 'pcb',
      params: { note: 'night shift', tag: 'a b' },
    });
    expect(parsed('retrain', 'pcb cron=“0 2 * * 1–5”')).toMatchObject({ cron: '0 2 * * 1-5' });
  });

  it('refuses an unclosed quote', () => {
    expect(refused('train', 'pcb note="night shift')).toBe('This quote is never closed: note="night shift (put a closing " after the value)');
  });

  it('refuses control characters, broken characters and overlong text', () => {
    expect(refused('train', 'pcb note=a\u0007b')).toBe('The text contains an invisible control character (U+0007); please retype it without it');
    expect(refused('train', 'pcb note=\udc00')).toBe('The text contains a broken character (an unpaired surrogate); please retype it');
    expect(refused('train', `pcb note=${'x'.repeat(4000)}`)).toBe('That is 4009 characters long; a command takes at most 4000');
  });
});

describe('parseChatCommand: key=value', () => {
  it('refuses a key given twice, showing both values', () => {
    expect(refused('train', 'pcb epochs=50 epochs=60')).toBe('epochs is given twice (50 and 60)');
    expect(refused('retrain', 'pcb cron="0 2 * * *" cron="0 3 * * *"')).toBe('cron is given twice ("0 2 * * *" and "0 3 * * *")');
  });

  it('refuses an empty value', () => {
    expect(refused('train', 'pcb epochs=')).toBe('epochs has no value: write epochs=<value>, or leave epochs out');
    expect(refused('train', 'pcb epochs=""')).toBe('epochs has no value: write epochs=<value>, or leave epochs out');
  });

  it('refuses a missing or malformed key', () => {
    expect(refused('train', 'pcb =50')).toBe('"=50" has nothing before the =; write key=value, e.g. epochs=50');
    expect(refused('train', 'pcb ep.ochs=50')).toBe('"ep.ochs" is not a valid key: a key is a letter followed by letters, digits, _ or -');
    expect(refused('train', 'pcb __proto__=1')).toBe('"__proto__" is not a valid key: a key is a letter followed by letters, digits, _ or -');
  });

  it('tells command-line habits apart, even after Slack turned -- into a dash', () => {
    expect(refused('train', 'pcb --epochs=50')).toBe('Leave out the leading dashes: write epochs=… rather than --epochs=…');
    expect(refused('train', 'pcb —epochs=50')).toBe('Leave out the leading dashes: write epochs=… rather than -epochs=…');
  });
});

describe('parseChatCommand: /train', () => {
  it('reads the project and keeps parameters as typed text', () => {
    expect(parsed('train', 'pcb-defect epochs=50 imgsz=640 note="more data"')).toEqual({
      kind: 'train',
      project: 'pcb-defect',
      params: { epochs: '50', imgsz: '640', note: 'more data' },
    });
  });

  it('leaves unknown parameter names to the project’s validation', () => {
    expect(parsed('train', 'pcb epoch=5')).toEqual({ kind: 'train', project: 'pcb', params: { epoch: '5' } });
  });

  it('asks for the project, with an example, when the text starts with key=value', () => {
    expect(refused('train', 'epochs=50')).toBe('Which project? Put its name first, e.g. /train pcb-defect epochs=50');
  });

  it('refuses a word that is not key=value after the project', () => {
    expect(refused('train', 'pcb-defect 50')).toBe('"50" is not key=value; parameters are written key=value, e.g. epochs=50');
  });

  it('refuses a project name that cannot exist, guessing the lowercase one', () => {
    expect(refused('train', 'PCB-Defect')).toBe('"PCB-Defect" is not a project name: did you mean pcb-defect? Project names are lowercase');
    expect(refused('train', 'pcb_defect')).toBe(
      '"pcb_defect" is not a project name: a project name is 1-40 lowercase letters, digits or dashes, e.g. pcb-defect',
    );
  });
});

describe('parseChatCommand: /export', () => {
  it('reads the run id (in lower case), formats and options', () => {
    expect(parsed('export', `${runId.toUpperCase()} formats=onnx,ENGINE,onnx, half=true`)).toEqual({
      kind: 'export',
      runId,
      formats: ['onnx', 'engine'],
      params: { half: 'true' },
    });
    expect(parsed('export', runId)).toEqual({ kind: 'export', runId, params: {} });
  });

  it('takes format= (the Ultralytics spelling) and tensorrt as engine', () => {
    expect(parsed('export', `${runId} format=tensorrt`)).toMatchObject({ formats: ['engine'] });
    expect(refused('export', `${runId} format=onnx formats=engine`)).toBe('formats is given twice (onnx and engine)');
  });

  it('asks for the run id when it is missing or malformed', () => {
    expect(refused('export', 'formats=onnx')).toBe(`Which run? Put its id (from the run card) first, e.g. /export ${runId} formats=onnx`);
    expect(refused('export', 'abc')).toBe(`"abc" is not a run id; copy the id from the run card, e.g. /export ${runId} formats=onnx`);
  });

  it('refuses an unknown format with a guess and the list', () => {
    expect(refused('export', `${runId} formats=onnx,onx`)).toBe(
      'unknown export format "onx": did you mean "onnx"? Formats: onnx, engine, openvino, torchscript, coreml, tflite (engine is TensorRT)',
    );
    expect(refused('export', `${runId} formats=,`)).toBe('formats names no format; list them with commas, e.g. formats=onnx,engine');
  });

  it('refuses a bare word, guessing formats= when it is a format', () => {
    expect(refused('export', `${runId} onnx`)).toBe('"onnx" is not key=value; did you mean formats=onnx?');
    expect(refused('export', `${runId} fast`)).toBe('"fast" is not key=value; options are written key=value, e.g. formats=onnx,engine');
  });
});

describe('parseChatCommand: /runs', () => {
  it('reads project, state, mine and limit in any order', () => {
    expect(parsed('runs', 'limit=5 mine pcb state=RUNNING')).toEqual({ kind: 'runs', project: 'pcb', state: 'running', mine: true, limit: 5 });
  });

  it('reads a quoted "mine" as a project name', () => {
    expect(parsed('runs', '"mine"')).toEqual({ kind: 'runs', project: 'mine', mine: false });
  });

  it('refuses unknown options with a guess', () => {
    expect(refused('runs', 'stat=running')).toBe('unknown option "stat": did you mean "state"? Allowed: state, limit');
    expect(refused('runs', 'owner=me')).toBe('unknown option "owner". Allowed: state, limit');
    expect(refused('runs', 'mine=yes')).toBe('mine takes no value: write just mine');
  });

  it('refuses unknown states, bad limits, two projects and mine twice', () => {
    expect(refused('runs', 'state=runing')).toBe(
      'unknown state "runing": did you mean "running"? States: queued, submitted, running, succeeded, failed, error, cancelled, pending_approval, promoted, rejected',
    );
    expect(refused('runs', 'limit=0')).toBe('limit must be a whole number between 1 and 100 (got "0")');
    expect(refused('runs', 'limit=many')).toBe('limit must be a whole number between 1 and 100 (got "many")');
    expect(refused('runs', 'pcb cars')).toBe('/runs takes one project (got "pcb" and "cars")');
    expect(refused('runs', 'mine MINE')).toBe('mine is given twice');
    expect(refused('runs', 'state=failed state=error')).toBe('state is given twice (failed and error)');
  });
});

describe('parseChatCommand: /retrain', () => {
  it('with only the project, asks to see the schedule', () => {
    expect(parsed('retrain', 'pcb')).toEqual({ kind: 'retrain', project: 'pcb', params: {} });
  });

  it('reads on/off, cron, tz and training parameters', () => {
    expect(parsed('retrain', 'pcb OFF cron="0  2 * * MON" tz=europe/berlin epochs=30')).toEqual({
      kind: 'retrain',
      project: 'pcb',
      enabled: false,
      cron: '0 2 * * mon',
      timezone: 'Europe/Berlin',
      params: { epochs: '30' },
    });
    expect(parsed('retrain', 'pcb on timezone=UTC')).toMatchObject({ enabled: true, timezone: 'UTC' });
  });

  it('asks for the project when the text starts with key=value', () => {
    expect(refused('retrain', 'cron="0 2 * * *"')).toBe('Which project? Put its name first, e.g. /retrain pcb-defect cron="0 2 * * *"');
  });

  it('refuses an unquoted or impossible cron, saying how to write it', () => {
    expect(refused('retrain', 'pcb cron=0 2 * * *')).toBe(
      'cron is not valid: a cron expression has 5 fields (minute hour day-of-month month day-of-week), and "0" has 1. Put it in quotes, e.g. cron="0 2 * * *"',
    );
    expect(refused('retrain', 'pcb cron="0 25 * * *"')).toBe(
      'cron is not valid: the hour field "25" must be within 0-23. Put it in quotes, e.g. cron="0 2 * * *"',
    );
  });

  it('refuses an unknown time zone with a guess', () => {
    expect(refused('retrain', 'pcb tz=Europe/Berlim')).toBe('unknown time zone "Europe/Berlim": did you mean Europe/Berlin?');
    expect(refused('retrain', 'pcb tz=UTC timezone=UTC')).toBe('tz is given twice (UTC and UTC)');
  });

  it('refuses stray words, on with off, and on twice', () => {
    expect(refused('retrain', 'pcb of')).toBe('"of" is not on, off or key=value: did you mean off?');
    expect(refused('retrain', 'pcb nightly')).toBe('"nightly" is not on, off or key=value, e.g. /retrain pcb-defect off');
    expect(refused('retrain', 'pcb on off')).toBe('on and off are both given; choose one');
    expect(refused('retrain', 'pcb on on')).toBe('on is given twice');
  });
});

describe('parseChatCommand: /models', () => {
  it('reads the project and an optional alias', () => {
    expect(parsed('models', 'pcb')).toEqual({ kind: 'models', project: 'pcb' });
    expect(parsed('models', 'pcb production')).toEqual({ kind: 'models', project: 'pcb', alias: 'production' });
  });

  it('asks for the project when the text starts with key=value', () => {
    expect(refused('models', 'alias=production')).toBe('Which project? Put its name first, e.g. /models pcb-defect production');
  });

  it('refuses options, extra words and malformed aliases', () => {
    expect(refused('models', 'pcb limit=5')).toBe('/models takes no key=value options (got "limit=5")');
    expect(refused('models', 'pcb production staging')).toBe('/models takes a project and at most one alias (got "staging" as well)');
    expect(refused('models', 'pcb Production')).toBe('"Production" is not an alias name: did you mean production? Aliases are lowercase');
    expect(refused('models', 'pcb 1st')).toBe(
      '"1st" is not an alias name: an alias is lowercase letters, digits, _ or -, starting with a letter, e.g. production',
    );
  });
});
