import { z } from 'zod';
import { ParameterSpecSchema, ProjectNameSchema, parseCronExpression, parseTimeZone } from '@trainops/contracts';
import type { ParameterSpec } from '@trainops/contracts';
import { describeValue } from './describe-value.ts';
import { didYouMean } from './did-you-mean.ts';
import { checkTrainerImage, isCpuOnlyUltralyticsImage } from './image-reference.ts';
import { ByteQuantitySchema, CpuQuantitySchema } from './kubernetes-quantity.ts';
import { ProjectTaskSchema, checkModelMatchesTask, promotionMetricsByTask } from './project-task.ts';
import { checkRepositoryUrl } from './repository-url.ts';
import { checkTrainArgumentName, checkTrainParameterSpec, findParameterProblems } from './ultralytics-train-arguments.ts';

// One trainable project, as written in config/projects/<name>.yaml (format documented in
// config/projects/README.md). Every object is strict so a misspelt key is an error, not a
// setting that silently does nothing.

/** Adds a check whose answer is a sentence (or undefined when the value is fine). */
function checked<T extends z.ZodType>(schema: T, check: (value: z.output<T>) => string | undefined): T {
  return schema.superRefine((value, ctx) => {
    const message = check(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  });
}

function uniqueItems<T extends z.ZodType>(schema: z.ZodArray<T>) {
  return schema.superRefine((items, ctx) => {
    items.forEach((item, index) => {
      if (items.indexOf(item) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `${describeValue(item)} is listed twice` });
    });
  });
}

function checkRepoPath(path: string): string | undefined {
  if (path === '') return 'must not be empty';
  if (path.length > 500) return 'must be at most 500 characters long';
  if (path.startsWith('/')) return 'must be a path inside the repository, not an absolute path';
  if (path.includes('\\')) return 'must use forward slashes';
  if (path.split('/').includes('..')) return 'must stay inside the repository (no "..")';
  // It becomes a command-line argument (pip install -r …): a leading dash would read as an option.
  if (path.startsWith('-')) return 'must not start with "-"';
  if ([...path].some((char) => char.charCodeAt(0) < 32)) return 'must not contain control characters';
  return undefined;
}

const isYamlName = (path: string): boolean => /\.ya?ml$/.test(path);

function checkRevision(revision: string): string | undefined {
  const valid =
    /^[A-Za-z0-9._/-]{1,255}$/.test(revision) &&
    !revision.startsWith('-') &&
    !revision.includes('..') &&
    !revision.includes('//') &&
    !revision.endsWith('/') &&
    !revision.endsWith('.lock');
  return valid ? undefined : `"${revision}" is not a branch, tag or commit SHA (letters, digits, . _ / -, not starting with -)`;
}

function checkKubernetesName(name: string): string | undefined {
  return /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(name)
    ? undefined
    : `"${name}" is not a Kubernetes Secret name (lowercase letters, digits, "-" and ".", at most 253)`;
}

function checkS3Uri(uri: string): string | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (match === null) return `"${uri}" is not an S3 URI such as s3://bucket/prefix/data.yaml`;
  const [, bucket = '', key = ''] = match;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    return `"${bucket}" is not an S3 bucket name (3-63 lowercase letters, digits, "." and "-")`;
  }
  if (!isYamlName(key)) return 'must point at the dataset\'s data.yaml (a key ending in .yaml or .yml)';
  return undefined;
}

function checkModelFile(model: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.(pt|yaml|yml)$/.test(model)
    ? undefined
    : `"${model}" is not a model file name such as yolo26n.pt (pretrained weights) or yolo26n.yaml (from scratch)`;
}

const labelNamePattern = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

function checkLabelKey(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefixOk = prefix === undefined || /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(prefix);
  return prefixOk && labelNamePattern.test(name) ? undefined : `"${key}" is not a Kubernetes label key such as nvidia.com/gpu.product`;
}

function checkLabelValue(value: string): string | undefined {
  return value === '' || labelNamePattern.test(value) ? undefined : `"${value}" is not a Kubernetes label value (at most 63 letters, digits, "-", "_", ".")`;
}

function checkSlackChannel(channel: string): string | undefined {
  if (/^[CG][A-Z0-9]{8,}$/.test(channel)) return undefined;
  if (channel.startsWith('#')) return `use the channel ID (C…), not its name "${channel}"; Slack shows the ID at the bottom of the channel details`;
  return `"${channel}" is not a Slack channel ID such as C0123456789`;
}

function checkSlackPrincipal(id: string): string | undefined {
  if (/^[UWS][A-Z0-9]{8,}$/.test(id)) return undefined;
  return `"${id}" is not a Slack user ID (U… or W…) or user-group ID (S…); names and emails change, IDs do not`;
}

const RepoPathSchema = checked(z.string(), checkRepoPath);
const SlackPrincipalSchema = checked(z.string(), checkSlackPrincipal);

export const SourceSchema = z.strictObject({
  repo: checked(z.string(), checkRepositoryUrl),
  revision: checked(z.string(), checkRevision),
  /** A Kubernetes Secret holding the token or SSH key for the checkout: by reference only. */
  credentialsSecret: checked(z.string(), checkKubernetesName).optional(),
  /** A pip requirements file inside the repository, installed before training. */
  requirements: RepoPathSchema.optional(),
});

export type DatasetConfig =
  | { yaml: string; classes?: string[] }
  | { s3: string; classes?: string[] };

export const DatasetSchema = z
  .strictObject({
    /** The Ultralytics data.yaml inside the repository. */
    yaml: checked(RepoPathSchema, (path) => (isYamlName(path) ? undefined : 'must name a .yaml or .yml file')).optional(),
    /** Or an s3:// URI of a data.yaml next to its images. */
    s3: checked(z.string(), checkS3Uri).optional(),
    /** Class names, for display only: the data.yaml stays the authority. */
    classes: uniqueItems(z.array(z.string().min(1).max(100)).min(1)).optional(),
  })
  .superRefine((dataset, ctx) => {
    if (dataset.yaml !== undefined && dataset.s3 !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either yaml (a data.yaml in the repository) or s3 (an s3:// URI), not both' });
    }
    if (dataset.yaml === undefined && dataset.s3 === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give yaml (a data.yaml in the repository) or s3 (an s3://bucket/…/data.yaml URI)' });
    }
  })
  .transform((dataset): DatasetConfig => {
    const classes = dataset.classes === undefined ? {} : { classes: dataset.classes };
    return dataset.yaml !== undefined ? { yaml: dataset.yaml, ...classes } : { s3: dataset.s3 ?? '', ...classes };
  });

export const ParametersSchema = z.record(z.string(), ParameterSpecSchema).superRefine(
  (specs, ctx) => {
    // Runs even when another spec is malformed, so every bad name and default shows at once;
    // each spec is checked only once it is well formed on its own.
    for (const [name, raw] of Object.entries(asRecord(specs) ?? {})) {
      const spec = ParameterSpecSchema.safeParse(raw);
      const problems = spec.success ? checkTrainParameterSpec(name, spec.data) : checkTrainArgumentName(name);
      for (const problem of problems) {
        ctx.addIssue({ code: 'custom', path: [name, ...problem.path], message: problem.message });
      }
    }
  },
  { when: () => true },
);

export const TolerationSchema = z
  .strictObject({
    key: checked(z.string(), checkLabelKey).optional(),
    operator: z.enum(['Equal', 'Exists']).default('Equal'),
    value: checked(z.string(), checkLabelValue).optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
    tolerationSeconds: z.number().int().min(0).optional(),
  })
  .superRefine((toleration, ctx) => {
    if (toleration.operator === 'Exists' && toleration.value !== undefined && toleration.value !== '') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be left out when operator is Exists' });
    }
    if (toleration.operator === 'Equal' && toleration.key === undefined) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'is required when operator is Equal (only Exists may match every key)' });
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
      ctx.addIssue({ code: 'custom', path: ['tolerationSeconds'], message: 'only applies when effect is NoExecute' });
    }
  });

export const ResourcesSchema = z.strictObject({
  gpus: z.number().int().min(0).max(16),
  cpu: CpuQuantitySchema.optional(),
  memory: ByteQuantitySchema.optional(),
  /** Size of /dev/shm: the dataloader workers share batches through it. */
  shmSize: ByteQuantitySchema.optional(),
  nodeSelector: z.record(checked(z.string(), checkLabelKey), checked(z.string(), checkLabelValue)).default({}),
  tolerations: z.array(TolerationSchema).default([]),
});

export const SlackSettingsSchema = z.strictObject({
  channel: checked(z.string(), checkSlackChannel),
  /** Who may start runs; empty means anyone in the channel. */
  requesters: uniqueItems(z.array(SlackPrincipalSchema)).default([]),
  /** Who may promote a run; someone must. */
  approvers: uniqueItems(z.array(SlackPrincipalSchema).min(1, 'must list at least one approver: someone has to decide on promotions')),
});

const MetricThresholdsSchema = z.record(z.string(), z.number().min(0).max(1)).default({});

export const PromotionSchema = z.strictObject({
  gates: z
    .strictObject({
      /** Metric → the lowest value a run may have to be promoted. */
      minimums: MetricThresholdsSchema,
      /** Metric → the largest drop against the production model that is still acceptable. */
      maxRegression: MetricThresholdsSchema,
    })
    .prefault({}),
});

export const overlapPolicies = ['skip', 'queue', 'cancel_previous'] as const;

const ScheduleParamValueSchema = z.union([z.string(), z.number(), z.boolean()], {
  error: (issue) => `expected a number, text or true/false, got ${describeValue(issue.input)}`,
});

// Cron and time zone follow @trainops/contracts, which the bot and the api use too, and are
// stored in the normal spelling it returns ("0 2 * * *", "Europe/Berlin").
const CronSchema = z.string().transform((text, ctx) => {
  const parsed = parseCronExpression(text);
  if (parsed.ok) return parsed.cron;
  ctx.addIssue({ code: 'custom', message: parsed.problem });
  return z.NEVER;
});

const TimeZoneSchema = z.string().transform((text, ctx) => {
  const parsed = parseTimeZone(text);
  if (parsed.ok) return parsed.timeZone;
  ctx.addIssue({ code: 'custom', message: parsed.problem });
  return z.NEVER;
});

export const ScheduleSchema = z.strictObject({
  cron: CronSchema,
  timezone: TimeZoneSchema.default('UTC'),
  /** Parameters for the scheduled run, checked against the project's `parameters`. */
  params: z.record(z.string(), ScheduleParamValueSchema).default({}),
  enabled: z.boolean().default(true),
  /** What to do when the previous scheduled run is still going. */
  overlap: z.enum(overlapPolicies).default('skip'),
});

export const exportFormats = ['onnx', 'engine', 'openvino', 'torchscript', 'coreml', 'tflite'] as const;

export const ExportsSchema = z
  .strictObject({
    /** Formats exported after a run is promoted, or by /export without a format. */
    formats: uniqueItems(z.array(z.enum(exportFormats))).default([]),
    /** Export image size; the training imgsz when left out. */
    imgsz: z.number().int().min(32).max(4096).multipleOf(32).optional(),
    half: z.boolean().default(false),
    int8: z.boolean().default(false),
    dynamic: z.boolean().default(false),
  })
  .superRefine((exports, ctx) => {
    if (exports.half && exports.int8) {
      ctx.addIssue({ code: 'custom', path: ['int8'], message: 'choose half (FP16) or int8 quantisation, not both' });
    }
  });

export const LimitsSchema = z.strictObject({
  /** Argo's activeDeadlineSeconds: a run still going after this is stopped. */
  activeDeadlineSeconds: z.number().int().min(60).max(2_592_000).default(86_400),
  /** How many runs of this project may hold GPUs at once (the Workflow semaphore size). */
  maxConcurrentRuns: z.number().int().min(1).max(100).optional(),
});

export const ProjectConfigSchema = z
  .strictObject({
    name: ProjectNameSchema,
    description: z.string().trim().min(1).max(1000),
    task: ProjectTaskSchema,
    source: SourceSchema,
    dataset: DatasetSchema,
    baseModel: checked(z.string(), checkModelFile),
    image: checked(z.string(), checkTrainerImage),
    parameters: ParametersSchema.default({}),
    resources: ResourcesSchema,
    slack: SlackSettingsSchema,
    promotion: PromotionSchema.prefault({}),
    schedule: ScheduleSchema.optional(),
    exports: ExportsSchema.prefault({}),
    limits: LimitsSchema.prefault({}),
  })
  // Checks across fields run even when other fields are broken, so one load reports every
  // problem; they read the raw value defensively for that reason.
  .superRefine((config, ctx) => checkAcrossFields(config, ctx), { when: () => true });

export type ProjectConfig = z.output<typeof ProjectConfigSchema>;
export type ProjectConfigInput = z.input<typeof ProjectConfigSchema>;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

type Issues = { addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void };

function checkAcrossFields(value: unknown, ctx: Issues): void {
  const config = asRecord(value);
  if (config === undefined) return;
  const task = ProjectTaskSchema.safeParse(config['task']);

  if (task.success) {
    const allowed = promotionMetricsByTask[task.data];
    const gates = asRecord(asRecord(config['promotion'])?.['gates']);
    for (const kind of ['minimums', 'maxRegression']) {
      for (const metric of Object.keys(asRecord(gates?.[kind]) ?? {})) {
        if ((allowed as readonly string[]).includes(metric)) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['promotion', 'gates', kind, metric],
          message: `"${metric}" is not a ${task.data} metric; use one of ${allowed.join(', ')}${didYouMean(metric, allowed)}`,
        });
      }
    }
    const baseModel = config['baseModel'];
    if (typeof baseModel === 'string') {
      const mismatch = checkModelMatchesTask(baseModel, task.data);
      if (mismatch !== undefined) ctx.addIssue({ code: 'custom', path: ['baseModel'], message: mismatch });
    }
  }

  const image = config['image'];
  const gpus = asRecord(config['resources'])?.['gpus'];
  if (typeof image === 'string' && typeof gpus === 'number' && gpus > 0 && isCpuOnlyUltralyticsImage(image)) {
    ctx.addIssue({ code: 'custom', path: ['image'], message: `"${image}" has no CUDA but resources.gpus is ${gpus}; use the GPU tag (the version without a suffix)` });
  }

  const params = asRecord(asRecord(config['schedule'])?.['params']);
  const rawSpecs = asRecord(config['parameters']);
  if (params !== undefined && rawSpecs !== undefined) {
    // Scheduled values get the check chat values get. A parameter whose own spec is broken is
    // reported under `parameters` already, so its scheduled value is left alone here.
    // fromEntries, not assignment: a key named "__proto__" must stay a key.
    const specs: Record<string, ParameterSpec> = Object.fromEntries(
      Object.entries(rawSpecs).flatMap(([name, raw]) => {
        const spec = ParameterSpecSchema.safeParse(raw);
        return spec.success ? [[name, spec.data]] : [];
      }),
    );
    const given: Record<string, string | number | boolean> = Object.fromEntries(
      Object.entries(params).filter(
        (entry): entry is [string, string | number | boolean] =>
          ['string', 'number', 'boolean'].includes(typeof entry[1]) && (Object.hasOwn(specs, entry[0]) || !Object.hasOwn(rawSpecs, entry[0])),
      ),
    );
    for (const problem of findParameterProblems(specs, given)) {
      ctx.addIssue({ code: 'custom', path: problem.parameter === '' ? ['schedule', 'params'] : ['schedule', 'params', problem.parameter], message: problem.problem });
    }
  }
}
