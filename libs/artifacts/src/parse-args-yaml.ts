import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ArgsYamlParseError } from './artifact-errors.ts';
import type { ResultsTask } from './results-columns.ts';
import { resultsTasks } from './results-columns.ts';

// The run's args.yaml: Ultralytics dumps every configuration key with the run's overrides
// applied. We type the keys the product shows or reasons about and keep the rest in `raw`;
// unknown keys are expected (each release adds some) and never an error.

const wholeNumber = z.number({ error: 'expected a whole number' }).int({ error: 'expected a whole number' });
const text = z.string({ error: 'expected text' });
const optionalText = text.nullable();
const flag = z.boolean({ error: 'expected true or false' });
const decimal = z.number({ error: 'expected a number' });

const ArgsSchema = z.object({
  task: z.enum(resultsTasks, { error: `expected one of ${resultsTasks.join(', ')}` }).optional(),
  mode: text.optional(),
  model: optionalText.optional(),
  data: optionalText.optional(),
  epochs: wholeNumber.min(0, { error: 'expected a whole number from 0 up' }).optional(),
  /** Hours; overrides epochs when set. */
  time: decimal.nullable().optional(),
  patience: wholeNumber.optional(),
  /** Images per batch, -1 for auto, or a fraction of GPU memory such as 0.7. */
  batch: decimal.optional(),
  imgsz: z.union([wholeNumber, z.array(wholeNumber).min(1).max(2)], { error: 'expected a whole number or a list of one or two' }).optional(),
  device: z
    .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])), z.null()], { error: 'expected a device such as 0, "0,1" or cpu' })
    .optional(),
  workers: wholeNumber.optional(),
  optimizer: text.optional(),
  lr0: decimal.optional(),
  lrf: decimal.optional(),
  seed: wholeNumber.optional(),
  name: optionalText.optional(),
  project: optionalText.optional(),
  save_dir: optionalText.optional(),
  resume: z.union([z.boolean(), z.string()], { error: 'expected true, false or a checkpoint path' }).optional(),
  pretrained: z.union([z.boolean(), z.string()], { error: 'expected true, false or a weights path' }).optional(),
  fraction: decimal.optional(),
  cos_lr: flag.optional(),
  close_mosaic: wholeNumber.optional(),
  amp: flag.optional(),
  single_cls: flag.optional(),
});

export interface RunArgs {
  task?: ResultsTask;
  mode?: string;
  model?: string | null;
  data?: string | null;
  epochs?: number;
  time?: number | null;
  patience?: number;
  batch?: number;
  /** Always a list: `[640]` or `[640, 480]`. */
  imgsz?: number[];
  /** As Ultralytics spells it on the command line: `0`, `0,1`, `cpu`, or null. */
  device?: string | null;
  workers?: number;
  optimizer?: string;
  lr0?: number;
  lrf?: number;
  seed?: number;
  name?: string | null;
  project?: string | null;
  save_dir?: string | null;
  resume?: boolean | string;
  pretrained?: boolean | string;
  fraction?: number;
  cos_lr?: boolean;
  close_mosaic?: number;
  amp?: boolean;
  single_cls?: boolean;
  /** Every key of the file as read, the typed ones included. */
  raw: Record<string, unknown>;
}

function describeInput(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

/** Parses the text of args.yaml. Throws `ArgsYamlParseError` naming each bad key or the YAML error's position. */
export function parseArgsYaml(yamlText: string): RunArgs {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ArgsYamlParseError(
      document.errors.map((error) => {
        const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        const firstLine = error.message.split('\n')[0] ?? error.message;
        return `line ${position.line}, column ${position.col}: ${firstLine}`;
      }),
    );
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) throw new ArgsYamlParseError(['the file is empty']);
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ArgsYamlParseError([`expected a mapping of keys to values, got ${Array.isArray(value) ? 'a list' : describeInput(value)}`]);
  }
  const raw = value as Record<string, unknown>;
  const result = ArgsSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new ArgsYamlParseError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}, got ${describeInput(issue.input)}`));
  }
  const { imgsz, device, ...rest } = result.data;
  const args: RunArgs = { ...rest, raw };
  if (imgsz !== undefined) args.imgsz = Array.isArray(imgsz) ? imgsz : [imgsz];
  if (device !== undefined) args.device = device === null ? null : Array.isArray(device) ? device.join(',') : String(device);
  return args;
}
