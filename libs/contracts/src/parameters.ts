import { z } from 'zod';

// What a project lets chat set, and the one function that checks given values against it. The
// bot calls it for a fast, precise answer; the api calls it again because it is the authority.

export const ParameterValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type ParameterValue = z.infer<typeof ParameterValueSchema>;

const common = { description: z.string().optional() };

export const ParameterSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('int'),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    multipleOf: z.number().int().positive().optional(),
    default: z.number().int().optional(),
    ...common,
  }),
  z.strictObject({
    type: z.literal('float'),
    min: z.number().optional(),
    max: z.number().optional(),
    default: z.number().optional(),
    ...common,
  }),
  z.strictObject({ type: z.literal('bool'), default: z.boolean().optional(), ...common }),
  z.strictObject({
    type: z.literal('enum'),
    values: z.array(z.string().min(1)).min(1),
    default: z.string().optional(),
    ...common,
  }),
  z.strictObject({
    type: z.literal('string'),
    pattern: z.string().optional(),
    maxLength: z.number().int().positive().max(1000).default(200),
    default: z.string().optional(),
    ...common,
  }),
]);
export type ParameterSpec = z.infer<typeof ParameterSpecSchema>;
export type ParameterSpecs = Record<string, ParameterSpec>;
