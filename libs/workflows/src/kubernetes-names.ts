// Kubernetes limits on names and label values, applied to text that comes from elsewhere (run ids,
// Slack user ids, api client names) so a label never makes the API server refuse a workflow.

const labelValueMaxLength = 63;

/**
 * `text` as a valid label value: characters other than letters, digits, `-`, `_` and `.` become
 * `-`, the result is cut to 63 characters and trimmed to start and end with a letter or digit.
 * The exact text belongs in an annotation; a label is for selecting.
 */
export function toLabelValue(text: string): string {
  const replaced = text.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, labelValueMaxLength);
  return replaced.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

// The API server adds five random characters to generateName; Argo names pods after the workflow
// and keeps the whole name within 63, so the prefix may hold at most 58.
const generateNameMaxLength = 58;

/** `<prefix>-`, cut so that the generated name (plus five random characters) stays within 63. */
export function buildGenerateName(prefix: string): string {
  const base = prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+/, '').slice(0, generateNameMaxLength - 1).replace(/-+$/, '');
  return `${base === '' ? 'run' : base}-`;
}
