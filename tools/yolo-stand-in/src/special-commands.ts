import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { buildVersionLine, gpuName } from './console-format.ts';
import { buildCliHelpMessage, defaultConfigEntries, ultralyticsVersion } from './default-config.ts';
import { formatFixed } from './python-format.ts';
import { dumpPythonYaml } from './python-yaml.ts';
import { logInfo, logWarning } from './run-context.ts';
import type { RunContext } from './run-context.ts';
import type { SpecialCommand } from './yolo-args.ts';
import { YoloError } from './yolo-error.ts';

// `yolo help | version | checks | settings | cfg | copy-cfg`: enough for scripts that probe the
// CLI before using it. Hub login and solutions are outside what the stand-in imitates.

const defaultCfgPath = '/usr/local/lib/python3.12/site-packages/ultralytics/cfg/default.yaml';
const settingsUrl = 'https://docs.ultralytics.com/quickstart/#ultralytics-settings';

function settingsJson(context: RunContext): string {
  const settings = {
    settings_version: '0.0.6',
    datasets_dir: context.config.datasetsDir,
    weights_dir: path.join(context.config.cwd, 'weights'),
    runs_dir: context.config.runsDir,
    uuid: '0000000000000000000000000000000000000000000000000000000000000000',
    sync: false,
    api_key: '',
    openai_api_key: '',
    clearml: true,
    comet: true,
    dvc: true,
    hub: true,
    mlflow: true,
    neptune: true,
    raytune: true,
    tensorboard: false,
    wandb: false,
    vscode_msg: true,
    openvino_msg: true,
  };
  return `JSONDict("/root/.config/Ultralytics/settings.json"):\n${JSON.stringify(settings, null, 2)}`;
}

export function runSpecialCommand(context: RunContext, command: SpecialCommand, args: readonly string[]): void {
  switch (command) {
    case 'help':
      logInfo(context, buildCliHelpMessage(context.argv));
      return;
    case 'version':
      logInfo(context, ultralyticsVersion);
      return;
    case 'checks': {
      const memory = totalmem() / 1024 ** 3;
      logInfo(context, buildVersionLine(context.config.cudaVisibleDevices ?? '0'));
      logInfo(context, `Setup complete ✅ (${cpus().length} CPUs, ${formatFixed(memory, 1)} GB RAM)`);
      logInfo(context, '');
      const rows: [string, string][] = [
        ['OS', `${process.platform}-${process.arch}`],
        ['Environment', 'yolo-stand-in'],
        ['Python', '3.12.3'],
        ['Install', 'pip'],
        ['Path', path.dirname(defaultCfgPath).replace(/\/cfg$/, '')],
        ['RAM', `${formatFixed(memory, 2)} GB`],
        ['CPU', cpus()[0]?.model ?? 'unknown'],
        ['CPU count', String(cpus().length)],
        ['GPU', `${gpuName}, 24564MiB`],
        ['GPU count', '1'],
        ['CUDA', '12.8'],
      ];
      for (const [key, value] of rows) logInfo(context, `${key.padEnd(23)}${value}`);
      return;
    }
    case 'settings':
      if (args[0] !== undefined && args[0] !== 'reset') {
        logWarning(context, `settings error: 'yolo-stand-in keeps no settings file, so '${args.join(' ')}' was not saved'. Please see ${settingsUrl} for help.`);
      } else if (args[0] === 'reset') {
        logInfo(context, 'Settings reset successfully');
      }
      logInfo(context, settingsJson(context));
      logInfo(context, `💡 Learn more about Ultralytics Settings at ${settingsUrl}`);
      return;
    case 'cfg':
      logInfo(context, `Printing '${defaultCfgPath}'\n\n${dumpPythonYaml(defaultConfigEntries)}`);
      return;
    case 'copy-cfg': {
      const target = path.join(context.config.cwd, 'default_copy.yaml');
      writeFileSync(target, dumpPythonYaml(defaultConfigEntries));
      logInfo(context, `${defaultCfgPath} copied to ${target}\nExample YOLO command with this new custom cfg:\n    yolo cfg='${target}' imgsz=320 batch=8`);
      return;
    }
    case 'hub':
    case 'login':
    case 'logout':
    case 'solutions':
      throw new YoloError('NotImplementedError', `yolo-stand-in does not simulate 'yolo ${command}'`);
  }
}
