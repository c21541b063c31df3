// The only shell the pipeline runs. Both scripts are constants: every value (repository, revision,
// paths, user parameters) reaches them as a positional argument ("$1", "$@"), so no value is ever
// parsed as shell code, whatever it contains.

/**
 * `sh -c <script> checkout <dir> <repo> <revision>`: a fresh shallow fetch of exactly one revision
 * (branch, tag or commit SHA; `git clone --branch` cannot take a SHA). Starts from an empty folder
 * so a retried checkout never sees a half-written one.
 */
export const checkoutScript = [
  'set -eu',
  'rm -rf "$1"',
  'git init --quiet "$1"',
  'cd "$1"',
  'git remote add origin "$2"',
  'git fetch --quiet --depth 1 origin "$3"',
  'git -c advice.detachedHead=false checkout --quiet FETCH_HEAD',
  'echo "checked out $(git rev-parse HEAD)"',
].join('\n');

/**
 * A git credential helper that answers from the environment at run time, so the token lives only
 * in the pod's env (from a Secret) and never in the URL, the arguments or a file. Git runs `!`
 * helpers with sh; the helper text is constant.
 */
export const tokenCredentialHelper =
  '!f() { test "$1" = get || exit 0; echo "username=${GIT_USERNAME:-x-access-token}"; echo "password=${GIT_TOKEN}"; }; f';

/**
 * `sh -c <script> train <results.csv> <epochs> yolo …`: Ultralytics does not write Argo's progress
 * file, so a background loop turns the rows of results.csv into `N/M` while `exec` makes yolo the
 * container's main process (it gets the signals of stop/terminate and its exit code is the step's).
 * The loop ends when that process does, and holds no output stream open.
 */
export const trainWithProgressScript = [
  'results="$1"; total="$2"; shift 2',
  'if [ -n "${ARGO_PROGRESS_FILE:-}" ]; then',
  '  (',
  '    while kill -0 "$$" 2>/dev/null; do',
  '      if [ -f "$results" ]; then',
  '        rows=$(( $(wc -l < "$results") - 1 ))',
  '        if [ "$rows" -gt "$total" ]; then rows="$total"; fi',
  '        if [ "$rows" -gt 0 ]; then echo "$rows/$total" > "$ARGO_PROGRESS_FILE"; fi',
  '      fi',
  '      sleep 10',
  '    done',
  '  ) </dev/null >/dev/null 2>&1 &',
  'fi',
  'exec "$@"',
].join('\n');
