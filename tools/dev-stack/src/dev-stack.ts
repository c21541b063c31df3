import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startKubeEmulator } from '@trainops/kube-emulator';
import { loadProjectRegistry, type ProjectConfig } from '@trainops/projects';
import { startS3Emulator, type S3Emulator } from '@trainops/s3-emulator';
import { startSlackEmulator, type SlackEmulator } from '@trainops/slack-emulator';
import { AppStartError, startAppProcess, type AppProcess } from './app-process.ts';
import { loadOrCreateDevSecrets } from './dev-secrets.ts';
import type { DevStackConfig } from './dev-stack-config.ts';
import { resolvePort } from './free-port.ts';
import { buildDevImageMap, datasetYaml, parseS3Uri, seedGitRepositories, writeGitRedirects } from './local-seeds.ts';

/** What `dev-stack.json` says: where everything listens and the local credentials. */
export interface DevStackInfo {
  api: string;
  /** The request URL Slack would post commands, actions and events to. */
  bot: string;
  apiToken: string;
  slackSigningSecret: string;
  /** The Slack stand-in; its test API is under `/_emulator/`. */
  slack: string;
  /** The Slack-like console page of the stand-in. */
  console: string;
  /** The Kubernetes API server stand-in (with Argo attached). */
  kube: string;
  kubeconfig: string;
  /** Where training Workflows run. */
  namespace: string;
  /** The S3 stand-in's endpoint and the artifact bucket. */
  s3: string;
  bucket: string;
}

export const ARTIFACT_BUCKET = 'trainops';
export const WORKFLOW_NAMESPACE = 'argo';
/** The Secret the workflow pods read S3 credentials from (what deploy/argo/ sets up in a cluster). */
export const S3_CREDENTIALS_SECRET = 'trainops-s3';

/** The apps the stack runs as child processes. */
export type DevStackAppName = 'api' | 'bot';

export interface RestartAppOptions {
  /** SIGTERM (default) lets the app shut down cleanly; SIGKILL is a crash. */
  signal?: NodeJS.Signals;
  /** Runs once the app has exited, before it starts again: what happens while it is down. */
  whileStopped?: () => Promise<void>;
}

export interface DevStack {
  info: DevStackInfo;
  infoFile: string;
  /** Resolves when a part of the stack dies on its own: the stack is then stopped. */
  failed: Promise<string>;
  /**
   * Stops one app with the signal (SIGTERM by default; SIGKILL is a crash), waits for it to exit,
   * then starts it again exactly as before (same port, environment and data) and waits until it
   * is ready. The stop is asked for, so it does not count as a failure of the stack.
   */
  restartApp(name: DevStackAppName, options?: RestartAppOptions): Promise<void>;
  stop(): Promise<void>;
}

export interface StartDevStackOptions {
  onOutput: (line: string) => void;
}

export const DEV_STACK_FILE = 'dev-stack.json';
/** In DATA_DIR: the yolo stand-in's knobs, read at every start (YOLO_STANDIN_KNOBS_FILE). */
export const YOLO_KNOBS_FILE = 'yolo-stand-in.json';
const maxPortAttempts = 3;

export async function startDevStack(config: DevStackConfig, options: StartDevStackOptions): Promise<DevStack> {
  await mkdir(config.dataDir, { recursive: true });
  const infoFile = path.join(config.dataDir, DEV_STACK_FILE);
  // A file left by an earlier run would point at dead ports: it appears again once all is up.
  await rm(infoFile, { force: true });

  const generated = await loadOrCreateDevSecrets(config.dataDir);
  const secrets = {
    ...generated,
    apiToken: config.secrets.apiToken ?? generated.apiToken,
    slackSigningSecret: config.secrets.slackSigningSecret ?? generated.slackSigningSecret,
  };
  // The stand-ins run in this process and bind their own ports (0: any free one). The apps are
  // children that must be told a port, so one is picked for them; should another process take it
  // before the app listens, the app is started again on a fresh one (see launchOnFreePort).
  const appPorts: Record<DevStackAppName, number> = {
    api: await resolvePort(config.ports.api),
    bot: await resolvePort(config.ports.bot),
  };
  const projects = (await loadProjectRegistry({ dir: config.projectsDir })).list();
  const apiUrl = () => `http://127.0.0.1:${appPorts.api}`;
  const botUrl = () => `http://127.0.0.1:${appPorts.bot}`;
  const botRequestUrl = () => `${botUrl()}/slack/events`;

  let reportFailure: (reason: string) => void = () => undefined;
  const failed = new Promise<string>((resolve) => (reportFailure = resolve));
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const part of started.splice(0).reverse()) await part.stop().catch(() => undefined);
  };

  try {
    const slack: SlackEmulator = await startSlackEmulator({
      port: config.ports.slack,
      signingSecret: secrets.slackSigningSecret,
      botToken: secrets.slackBotToken,
      botRequestUrl: botRequestUrl(),
    });
    started.push({ stop: () => slack.close() });

    const s3 = await startS3Emulator({ port: config.ports.s3, dataDir: path.join(config.dataDir, 's3'), buckets: [ARTIFACT_BUCKET] });
    started.push({ stop: () => s3.close() });
    await seedDatasets(s3, projects);

    const gitDir = path.join(config.dataDir, 'git');
    const gitRedirects = await writeGitRedirects(gitDir, await seedGitRepositories(projects, gitDir));
    const kube = await startKubeEmulator({
      port: config.ports.kube,
      stateDir: path.join(config.dataDir, 'kube'),
      workflowNamespaces: [WORKFLOW_NAMESPACE],
      imageMap: buildDevImageMap({
        yoloBinDir: path.join(config.workspaceRoot, 'tools/yolo-stand-in/bin'),
        gitRedirects,
        secondsPerEpoch: config.secondsPerEpoch,
        // Read by the stand-in at every start: writing it makes the next runs fail, without a restart.
        yoloKnobsFile: path.join(config.dataDir, YOLO_KNOBS_FILE),
      }),
      artifactRepository: {
        s3: { endpoint: s3.endpoint, bucket: ARTIFACT_BUCKET, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region },
      },
      log: (line) => options.onOutput(`argo  | ${line}`),
    });
    started.push({ stop: () => kube.close() });
    await prepareWorkflowNamespace(kube.api.kubeconfigPath, s3, projects);

    const appEnv = (extra: Record<string, string | undefined>): NodeJS.ProcessEnv => ({
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      LOG_LEVEL: config.logLevel,
      ...extra,
    });
    const onUnexpectedExit = (name: string) => (code: number | null, signal: NodeJS.Signals | null) =>
      reportFailure(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`})`);

    // One launcher per app, so a restart starts it exactly as the stack did the first time.
    const launchers: Record<DevStackAppName, () => Promise<AppProcess>> = {
      api: () => startAppProcess({
        name: 'api',
        entry: path.join(config.workspaceRoot, 'apps/api/src/main.ts'),
        cwd: config.workspaceRoot,
        env: appEnv({
          API_HOST: '127.0.0.1',
          API_PORT: String(appPorts.api),
          API_PUBLIC_URL: apiUrl(),
          DATA_DIR: config.dataDir,
          DATABASE_URL: config.databaseUrl,
          PROJECTS_DIR: config.projectsDir,
          API_TOKENS: `local:${secrets.apiToken}`,
          BOT_API_TOKEN: secrets.botApiToken,
          KUBECONFIG: kube.api.kubeconfigPath,
          WORKFLOW_NAMESPACE: WORKFLOW_NAMESPACE,
          ARTIFACT_BUCKET: ARTIFACT_BUCKET,
          S3_ENDPOINT: s3.endpoint,
          S3_REGION: s3.region,
          S3_ACCESS_KEY_ID: s3.accessKeyId,
          S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
          S3_CREDENTIALS_SECRET: S3_CREDENTIALS_SECRET,
          SLACK_BOT_TOKEN: secrets.slackBotToken,
          SLACK_API_URL: slack.apiUrl,
          SLACK_CARD_EDIT_INTERVAL_MS: String(config.cardEditIntervalMs),
          WATCH_RESYNC_SECONDS: '30',
        }),
        readyUrl: `${apiUrl()}/readyz`,
        onOutput: options.onOutput,
        onUnexpectedExit: onUnexpectedExit('api'),
      }),
      bot: () => startAppProcess({
        name: 'bot',
        entry: path.join(config.workspaceRoot, 'apps/bot/src/main.ts'),
        cwd: config.workspaceRoot,
        env: appEnv({
          BOT_HOST: '127.0.0.1',
          BOT_PORT: String(appPorts.bot),
          SLACK_SIGNING_SECRET: secrets.slackSigningSecret,
          SLACK_BOT_TOKEN: secrets.slackBotToken,
          SLACK_API_URL: slack.apiUrl,
          API_URL: apiUrl(),
          BOT_API_TOKEN: secrets.botApiToken,
        }),
        readyUrl: `${botUrl()}/healthz`,
        onOutput: options.onOutput,
        onUnexpectedExit: onUnexpectedExit('bot'),
      }),
    };
    const apps = new Map<DevStackAppName, AppProcess>();
    let stopping = false;
    // The bot goes before the api (it calls the api), both before the stand-ins.
    started.push({
      async stop() {
        stopping = true;
        await apps.get('bot')?.stop();
        await apps.get('api')?.stop();
      },
    });
    /** Starts an app; a port picked for it that another process took meanwhile is picked again. */
    const launchOnFreePort = async (name: DevStackAppName): Promise<AppProcess> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await launchers[name]();
        } catch (error) {
          const portTaken = error instanceof AppStartError && error.portInUse;
          if (!portTaken || config.ports[name] !== 0 || attempt === maxPortAttempts) throw error;
          appPorts[name] = await resolvePort(0);
          options.onOutput(`${name.padEnd(6)}| its port was taken before it listened; starting it again on ${appPorts[name]}`);
        }
      }
    };
    // The api first: the bot is told where it is. Then Slack is told where the bot is.
    apps.set('api', await launchOnFreePort('api'));
    apps.set('bot', await launchOnFreePort('bot'));
    slack.setBotRequestUrl(botRequestUrl());
    const startAgain = async (name: DevStackAppName) => {
      const restarted = await launchers[name]();
      // The stack may have been stopped while the app came up: then it must not outlive the stack.
      if (stopping) {
        await restarted.stop();
        throw new Error(`${name} cannot be restarted: the dev stack is stopping`);
      }
      apps.set(name, restarted);
    };
    const restartApp = async (name: DevStackAppName, restartOptions: RestartAppOptions = {}) => {
      const app = apps.get(name);
      if (app === undefined || stopping) throw new Error(`${name} cannot be restarted: it is restarting already, or the dev stack is stopping`);
      apps.delete(name);
      await app.stop({ signal: restartOptions.signal ?? 'SIGTERM' });
      try {
        await restartOptions.whileStopped?.();
      } finally {
        // Even when what ran meanwhile failed, the app comes back: the stack stays whole.
        await startAgain(name);
      }
    };

    const info: DevStackInfo = {
      api: apiUrl(),
      bot: botRequestUrl(),
      apiToken: secrets.apiToken,
      slackSigningSecret: secrets.slackSigningSecret,
      slack: slack.url,
      console: `${slack.url}/`,
      kube: kube.api.httpsUrl,
      kubeconfig: kube.api.kubeconfigPath,
      namespace: WORKFLOW_NAMESPACE,
      s3: s3.endpoint,
      bucket: ARTIFACT_BUCKET,
    };
    await writeFile(infoFile, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    return {
      info,
      infoFile,
      failed,
      restartApp,
      async stop() {
        await stopAll();
        await rm(infoFile, { force: true });
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Puts each S3-hosted dataset YAML in place once (an existing one is left as the user made it). */
async function seedDatasets(s3: S3Emulator, projects: readonly ProjectConfig[]): Promise<void> {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    for (const project of projects) {
      if (!('s3' in project.dataset)) continue;
      const { bucket, key } = parseS3Uri(project.dataset.s3);
      await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
        if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
      });
      const present = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
        () => true,
        () => false,
      );
      if (!present) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: datasetYaml(project), ContentType: 'application/yaml' }));
    }
  } finally {
    client.destroy();
  }
}

/**
 * What an operator puts in the workflow namespace of a real cluster (deploy/argo/): the pods' S3
 * credentials, and each project's git credentials Secret (a placeholder token: the local
 * repositories need none, but the pipeline reads the Secret as it would in a cluster).
 */
async function prepareWorkflowNamespace(kubeconfigPath: string, s3: S3Emulator, projects: readonly ProjectConfig[]): Promise<void> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const secrets = [
    { name: S3_CREDENTIALS_SECRET, stringData: { accessKey: s3.accessKeyId, secretKey: s3.secretAccessKey } },
    ...projects.flatMap((project) => (project.source.credentialsSecret ? [{ name: project.source.credentialsSecret, stringData: { token: 'local-dev-token' } }] : [])),
  ];
  for (const secret of secrets) {
    const body = { metadata: { name: secret.name }, stringData: secret.stringData };
    await core.createNamespacedSecret({ namespace: WORKFLOW_NAMESPACE, body }).catch(async (error: { code?: number }) => {
      if (error.code !== 409) throw error;
      await core.replaceNamespacedSecret({ name: secret.name, namespace: WORKFLOW_NAMESPACE, body });
    });
  }
}
