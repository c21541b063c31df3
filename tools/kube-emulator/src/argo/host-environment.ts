// The one place this tool reads the host's environment: local processes need the host's PATH to
// find `sh`, `node` or `git`, and nothing else of it (no credentials leak into workflow pods).

export function readHostPath(): string {
  return process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
}
