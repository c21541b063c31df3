import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig } from './config.ts';

describe('the pipeline and Slack settings', () => {
  it('leave the pipeline off without KUBECONFIG and Slack off without a bot token', () => {
    const config = loadApiConfig({});
    expect(config.pipeline).toBeUndefined();
    expect(config.slack).toBeUndefined();
  });

  it('need the artifact store credentials once a cluster is named, and say which variable is missing', () => {
    expect(() => loadApiConfig({ KUBECONFIG: '/etc/kube/config' })).toThrow(
      new ConfigError('S3_ACCESS_KEY_ID', 'is required when KUBECONFIG is set (the artifact store the workflows write to)'),
    );
  });

  it('take a full pipeline configuration with defaults for the rest', () => {
    const config = loadApiConfig({
      KUBECONFIG: 'in-cluster',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
    });
    expect(config.pipeline).toEqual({
      kubeconfig: 'in-cluster',
      namespace: 'argo',
      serviceAccountName: 'trainops-workflow',
      artifacts: {
        bucket: 'trainops',
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        accessKeyId: 'key',
        secretAccessKey: 'secret',
        credentialsSecret: 'trainops-s3',
        presignExpirySeconds: 86400,
      },
      resyncIntervalMs: 300_000,
      argoUiUrl: undefined,
    });
    expect(config.slack).toEqual({ botToken: 'xoxb-1-2-3', apiUrl: undefined, cardEditIntervalMs: 5000 });
  });

  it('take the Argo UI address for the card links, without a trailing slash, and refuse one that is not a URL', () => {
    const cluster = { KUBECONFIG: 'in-cluster', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret' };
    expect(loadApiConfig({ ...cluster, ARGO_UI_URL: 'https://argo.example.com/' }).pipeline?.argoUiUrl).toBe('https://argo.example.com');
    expect(() => loadApiConfig({ ...cluster, ARGO_UI_URL: 'argo.example.com' })).toThrow(/ARGO_UI_URL/);
  });

  it('refuse a token that is not a bot token, without echoing it', () => {
    expect(() => loadApiConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow('Invalid configuration: SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(() => loadApiConfig({ KUBECONFIG: 'x', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', WORKFLOW_NAMESPACE: 'Bad_Name' })).toThrow(/WORKFLOW_NAMESPACE must be a Kubernetes name/);
  });
});
