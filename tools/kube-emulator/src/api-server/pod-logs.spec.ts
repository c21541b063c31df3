import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-object.ts';
import { lastLines, logTimestamp, podLogPath, resolveLogContainer } from './pod-logs.ts';

const pod = (containers: string[], initContainers: string[] = []): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'wf-1-main', namespace: 'argo', uid: 'u', resourceVersion: '1', creationTimestamp: '' },
  spec: { containers: containers.map((name) => ({ name })), initContainers: initContainers.map((name) => ({ name })) },
});

describe('pod logs', () => {
  it('live at <stateDir>/pod-logs/<namespace>/<pod>/<container>.log and never outside it', () => {
    expect(podLogPath('/state', 'argo', 'wf-1-main', 'main')).toBe('/state/pod-logs/argo/wf-1-main/main.log');
    expect(() => podLogPath('/state', '..', 'p', 'main')).toThrow('namespace ".." cannot be used as a path segment');
    expect(() => podLogPath('/state', 'argo', 'p', 'a/b')).toThrow('container "a/b" cannot be used as a path segment');
  });

  it('keep the last N lines, with or without a trailing newline', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(lastLines('a\nb\nc', 2)).toBe('b\nc');
    expect(lastLines('a\nb\n', 5)).toBe('a\nb\n');
    expect(lastLines('a\nb\n', 0)).toBe('');
  });

  it('stamp lines with nanosecond RFC 3339 like the kubelet', () => {
    expect(logTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678000000Z');
  });

  it('pick the only container, and refuse ambiguous or unknown ones with the real messages', () => {
    expect(resolveLogContainer(pod(['main']), undefined)).toBe('main');
    expect(resolveLogContainer(pod(['main', 'wait'], ['init']), 'init')).toBe('init');
    expect(() => resolveLogContainer(pod(['main', 'wait'], ['init']), undefined)).toThrow(
      'a container name must be specified for pod wf-1-main, choose one of: [main wait] or one of the init containers: [init]',
    );
    expect(() => resolveLogContainer(pod(['main']), 'sidecar')).toThrow('container sidecar is not valid for pod wf-1-main');
  });
});
