import { InputError } from '@trainops/contracts';

/** One problem in one project file. `path` is empty for problems with the file as a whole. */
export interface ProjectConfigIssue {
  file: string;
  path: string;
  message: string;
  /** 1-based position in the file, where the problem can be pinned to a place. */
  line?: number;
  column?: number;
}

export interface ProjectConfigErrorDetails {
  issues: ProjectConfigIssue[];
}

/**
 * A project file (or the projects folder) is wrong. The message has one line per problem, each
 * naming the file and the field, so a person can fix every problem in one pass.
 */
export class ProjectConfigError extends InputError {
  constructor(issues: readonly ProjectConfigIssue[], options: { cause?: unknown } = {}) {
    const details: ProjectConfigErrorDetails = { issues: issues.map((issue) => ({ ...issue })) };
    super(issues.map(formatProjectConfigIssue).join('\n'), { details, cause: options.cause });
  }

  get issues(): ProjectConfigIssue[] {
    return (this.details as ProjectConfigErrorDetails).issues;
  }
}

export function formatProjectConfigIssue(issue: ProjectConfigIssue): string {
  return issue.path === '' ? `${issue.file}: ${issue.message}` : `${issue.file}: ${issue.path}: ${issue.message}`;
}
