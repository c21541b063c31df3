// A Python exception as the real `yolo` would raise it. The stand-in prints it the way Python
// prints an uncaught exception (a traceback, then `Type: message`) and exits 1, because that last
// line is what log readers and our own failure parsing look for. This is deliberately not the
// product's error vocabulary (@trainops/contracts): it imitates a foreign program's output.

export type PythonExceptionType =
  | 'SyntaxError'
  | 'TypeError'
  | 'ValueError'
  | 'FileNotFoundError'
  | 'RuntimeError'
  | 'AssertionError'
  | 'NotImplementedError'
  | 'torch.OutOfMemoryError';

export interface PythonFrame {
  file: string;
  line: number;
  scope: string;
  code: string;
}

export interface YoloErrorOptions {
  /** Where the exception was raised, outermost first (the `yolo` entry point is added for you). */
  frames?: readonly PythonFrame[];
  cause?: unknown;
}

export class YoloError extends Error {
  readonly pythonType: PythonExceptionType;
  readonly frames: readonly PythonFrame[];

  constructor(pythonType: PythonExceptionType, message: string, options: YoloErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'YoloError';
    this.pythonType = pythonType;
    this.frames = options.frames ?? [];
  }
}

const sitePackages = '/usr/local/lib/python3.12/site-packages';

/** A frame inside the installed ultralytics package. */
export function ultralyticsFrame(module: string, line: number, scope: string, code: string): PythonFrame {
  return { file: `${sitePackages}/ultralytics/${module}`, line, scope, code };
}

const entryFrames: readonly PythonFrame[] = [
  { file: '/usr/local/bin/yolo', line: 8, scope: '<module>', code: 'sys.exit(entrypoint())' },
];

/** The text Python prints for an uncaught exception, chained causes (`raise … from e`) first. */
export function formatPythonTraceback(error: YoloError): string {
  const cause = error.cause instanceof YoloError ? `${formatPythonTraceback(error.cause)}\nThe above exception was the direct cause of the following exception:\n\n` : '';
  const lines = ['Traceback (most recent call last):'];
  for (const frame of [...entryFrames, ...error.frames]) {
    lines.push(`  File "${frame.file}", line ${frame.line}, in ${frame.scope}`);
    lines.push(`    ${frame.code}`);
  }
  lines.push(`${error.pythonType}: ${error.message}`);
  return `${cause}${lines.join('\n')}\n`;
}
