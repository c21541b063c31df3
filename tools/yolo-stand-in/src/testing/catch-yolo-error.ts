import { YoloError } from '../yolo-error.ts';

/** Runs `action` and returns the YoloError it throws; fails when it throws nothing or something else. */
export function catchYoloError(action: () => unknown): YoloError {
  try {
    action();
  } catch (error) {
    if (error instanceof YoloError) return error;
    throw error;
  }
  throw new Error('expected a YoloError, but nothing was thrown');
}
