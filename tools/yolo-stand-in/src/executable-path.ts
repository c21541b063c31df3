import { fileURLToPath } from 'node:url';

// Where the `yolo` wrapper lives, for whoever maps an Argo container's `yolo …` command onto the
// stand-in (the kube emulator's controller, the dev stack).

/** Absolute path of `tools/yolo-stand-in/bin/yolo`. */
export const yoloStandInExecutable: string = fileURLToPath(new URL('../bin/yolo', import.meta.url));
