import { describe, expect, it } from 'vitest';
import { createCoalescingQueue } from './coalescing-queue.ts';

/** A handler whose calls stay open until the test releases them. */
function gatedHandler() {
  const calls: Array<{ item: string; release: () => void }> = [];
  const handle = (item: string) =>
    new Promise<void>((resolve) => {
      calls.push({ item, release: resolve });
    });
  return { calls, handle };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createCoalescingQueue', () => {
  it('collapses items that wait under one key into the newest, and settles every push when it is handled', async () => {
    const { calls, handle } = gatedHandler();
    const queue = createCoalescingQueue<string>({ concurrency: 1, handle });
    const first = queue.push('a', 'a1');
    const settled: string[] = [];
    const later = ['a2', 'a3', 'a4'].map((item) => queue.push('a', item).then(() => settled.push(item)));
    await tick();
    expect(calls.map((call) => call.item)).toEqual(['a1']);

    calls[0]?.release();
    await first;
    await tick();
    expect(calls.map((call) => call.item)).toEqual(['a1', 'a4']);
    expect(settled).toEqual([]);
    calls[1]?.release();
    await Promise.all(later);
    expect(settled).toEqual(['a2', 'a3', 'a4']);
    expect(queue.stats()).toEqual({ pushed: 4, handled: 2, superseded: 2 });
  });

  it('never handles one key twice at once, while other keys run in parallel up to the concurrency', async () => {
    const { calls, handle } = gatedHandler();
    const queue = createCoalescingQueue<string>({ concurrency: 2, handle });
    void queue.push('a', 'a1');
    void queue.push('a', 'a2');
    void queue.push('b', 'b1');
    void queue.push('c', 'c1');
    await tick();
    expect(calls.map((call) => call.item)).toEqual(['a1', 'b1']);

    calls[1]?.release();
    await tick();
    // 'a' is still in progress, so its newer item waits and 'c' takes the free slot.
    expect(calls.map((call) => call.item)).toEqual(['a1', 'b1', 'c1']);
    calls[0]?.release();
    await tick();
    expect(calls.map((call) => call.item)).toEqual(['a1', 'b1', 'c1', 'a2']);
    calls[2]?.release();
    calls[3]?.release();
    await queue.idle();
  });

  it('keeps the item `pick` chooses, so an older snapshot never replaces a newer one', async () => {
    const { calls, handle } = gatedHandler();
    const queue = createCoalescingQueue<number>({ concurrency: 1, handle: (item) => handle(String(item)), pick: (waiting, arriving) => Math.max(waiting, arriving) });
    void queue.push('blocker', 0);
    void queue.push('k', 7);
    void queue.push('k', 5);
    await tick();
    calls[0]?.release();
    await tick();
    expect(calls.map((call) => call.item)).toEqual(['0', '7']);
    calls[1]?.release();
    await queue.idle();
  });

  it('goes on after a handler throws, and `idle` resolves only when everything is done', async () => {
    const handled: string[] = [];
    const queue = createCoalescingQueue<string>({
      concurrency: 3,
      handle: async (item) => {
        await tick();
        if (item === 'boom') throw new Error('boom');
        handled.push(item);
      },
    });
    const pushes = [queue.push('x', 'boom'), queue.push('x', 'after'), queue.push('y', 'other')];
    await queue.idle();
    expect(handled.sort()).toEqual(['after', 'other']);
    await expect(Promise.all(pushes)).resolves.toBeDefined();
  });

  it('refuses a concurrency below one', () => {
    expect(() => createCoalescingQueue({ concurrency: 0, handle: async () => undefined })).toThrow('concurrency must be a whole number of at least 1, got 0');
  });
});
