import { readFileSync } from 'node:fs';
import { StandInConfigError } from './config-error.ts';

// YOLO_STANDIN_KNOBS_FILE: a JSON object of knob names to values, read at every start, whose
// values override the environment. A running dev stack cannot change the environment of the steps
// it has already been configured to launch, but it can change a file: writing
// {"YOLO_STANDIN_FAIL_AT_EPOCH": "2"} makes the next runs fail without a restart.

const example = '{"YOLO_STANDIN_FAIL_AT_EPOCH": "2"}';

/**
 * The overrides in the knobs file: none when the file does not exist (the usual case: no fault
 * injected). Anything else that is not a JSON object of known knobs to strings or numbers is a
 * StandInConfigError, because silently ignoring a typo would run the wrong scenario.
 */
export function readKnobsFile(file: string, knobNames: readonly string[]): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new StandInConfigError(`YOLO_STANDIN_KNOBS_FILE ${file} could not be read: ${(error as Error).message}`);
  }
  return parseKnobsFile(text, file, knobNames);
}

/** The pure half of readKnobsFile: checks the text and gives every value as the environment would hold it. */
export function parseKnobsFile(text: string, file: string, knobNames: readonly string[]): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StandInConfigError(`YOLO_STANDIN_KNOBS_FILE ${file} is not valid JSON (${(error as Error).message}); write an object such as ${example}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new StandInConfigError(`YOLO_STANDIN_KNOBS_FILE ${file} must hold a JSON object of knob names to values, such as ${example}`);
  }
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!knobNames.includes(name)) {
      throw new StandInConfigError(`YOLO_STANDIN_KNOBS_FILE ${file} names '${name}', which is not a knob; the knobs are ${knobNames.join(', ')}`);
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new StandInConfigError(`YOLO_STANDIN_KNOBS_FILE ${file} gives ${name} ${JSON.stringify(value)}; a value is a string or a number ("" unsets the knob)`);
    }
    overrides[name] = String(value);
  }
  return overrides;
}
