import { describe, expect, it } from 'vitest';
import { Latest } from './latest.svelte';

describe('Latest', () => {
  it('keeps only the answer of the latest load, even when an earlier one arrives later', async () => {
    const l = new Latest<string>(true);
    let finishFirst: (v: string) => void = () => {};
    const first = l.load(() => new Promise((r) => (finishFirst = r)));
    const second = l.load(async () => 'tweede');
    await second;
    expect(l.value).toBe('tweede');
    expect(l.loading).toBe(false);
    finishFirst('eerste');
    await first;
    expect(l.value).toBe('tweede');
  });

  it('turns a rejection into an IpcError with its code, and clears it on the next success', async () => {
    const l = new Latest<number>();
    await l.load(() => Promise.reject({ code: 'not_found', message: 'topic not found: x', field: null }));
    expect(l.error?.code).toBe('not_found');
    expect(l.value).toBeNull();
    await l.load(async () => 1);
    expect(l.error).toBeNull();
    expect(l.value).toBe(1);
  });
});
