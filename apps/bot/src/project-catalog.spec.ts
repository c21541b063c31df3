import { describe, expect, it } from 'vitest';
import type { ProjectSummary } from '@trainops/contracts';
import { createProjectCatalog } from './project-catalog.ts';

function project(name: string): ProjectSummary {
  return { name, description: '', task: 'detect', baseModel: 'yolo11n.pt', parameters: {}, slackChannel: null, requesters: [], approvers: [] };
}

// The catalog's only dependency is one method of the ApiClient port; a counting stub stands in.
function countingApi(lists: ProjectSummary[][]) {
  const api = {
    calls: 0,
    async listProjects() {
      const list = lists[Math.min(api.calls, lists.length - 1)]!;
      api.calls += 1;
      return list;
    },
  };
  return api;
}

describe('createProjectCatalog', () => {
  it('answers from the kept list while it is fresh', async () => {
    const api = countingApi([[project('a')]]);
    let clock = 0;
    const catalog = createProjectCatalog({ api, ttlMs: 30_000, now: () => clock });
    expect((await catalog.find('a')).project?.name).toBe('a');
    clock = 29_999;
    expect((await catalog.find('a')).project?.name).toBe('a');
    expect(api.calls).toBe(1);
  });

  it('fetches again once the list is older than the ttl', async () => {
    const api = countingApi([[project('a')], [project('a'), project('b')]]);
    let clock = 0;
    const catalog = createProjectCatalog({ api, ttlMs: 30_000, now: () => clock });
    await catalog.list();
    clock = 30_000;
    expect((await catalog.list()).map((p) => p.name)).toEqual(['a', 'b']);
    expect(api.calls).toBe(2);
  });

  it('looks once more for a name missing from a kept list, and not again for a fresh one', async () => {
    const api = countingApi([[project('a')], [project('a'), project('new')], [project('a'), project('new')]]);
    const catalog = createProjectCatalog({ api, now: () => 0 });
    await catalog.list();
    expect((await catalog.find('new')).project?.name).toBe('new');
    expect(api.calls).toBe(2);
    const missing = await catalog.find('missing');
    expect(missing.project).toBeUndefined();
    expect(missing.known.map((p) => p.name)).toEqual(['a', 'new']);
    expect(api.calls).toBe(3);
  });

  it('shares one request between lookups made at the same time', async () => {
    const api = countingApi([[project('a')]]);
    const catalog = createProjectCatalog({ api, now: () => 0 });
    await Promise.all([catalog.find('a'), catalog.find('a'), catalog.list()]);
    expect(api.calls).toBe(1);
  });

  it('does not keep a failed fetch: the next lookup asks again', async () => {
    let fail = true;
    const api = {
      calls: 0,
      async listProjects() {
        api.calls += 1;
        if (fail) throw new Error('down');
        return [project('a')];
      },
    };
    const catalog = createProjectCatalog({ api, now: () => 0 });
    await expect(catalog.list()).rejects.toThrow('down');
    fail = false;
    expect((await catalog.find('a')).project?.name).toBe('a');
    expect(api.calls).toBe(2);
  });
});
