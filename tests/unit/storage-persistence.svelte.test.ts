/**
 * Asking the browser to keep PyRecall's data (src/state/storage.svelte.ts): feature-detected,
 * quiet, never throwing, and honest about the answer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestPersistence, storageStatus } from '../../src/state/storage.svelte';

function stubStorage(storage: Partial<StorageManager> | undefined) {
  vi.stubGlobal('navigator', storage === undefined ? {} : { storage });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requestPersistence', () => {
  it('says unsupported when the browser has no StorageManager', async () => {
    stubStorage(undefined);
    expect(await requestPersistence()).toBe('unsupported');
    expect(storageStatus.supported).toBe(false);
  });

  it('does not ask again when storage is already persistent', async () => {
    const persist = vi.fn(async () => true);
    stubStorage({ persisted: async () => true, persist });
    expect(await requestPersistence()).toBe('granted');
    expect(persist).not.toHaveBeenCalled();
  });

  it.each([
    [true, 'granted'],
    [false, 'declined'],
  ] as const)('reports the browser’s answer (%s → %s) and remembers it', async (answer, outcome) => {
    stubStorage({ persisted: async () => false, persist: async () => answer });
    expect(await requestPersistence()).toBe(outcome);
    expect(storageStatus.outcome).toBe(outcome);
    expect(storageStatus.persisted).toBe(answer);
  });

  it('turns a failing persist() into "failed" instead of throwing', async () => {
    stubStorage({ persisted: async () => false, persist: () => Promise.reject(new Error('nope')) });
    expect(await requestPersistence()).toBe('failed');
  });
});

describe('storageStatus.refresh', () => {
  it('reads persistence and the usage estimate', async () => {
    stubStorage({ persisted: async () => false, estimate: async () => ({ usage: 1_200_000, quota: 10e9 }) });
    await storageStatus.refresh();
    expect(storageStatus.persisted).toBe(false);
    expect(storageStatus.estimate).toEqual({ usage: 1_200_000, quota: 10e9 });
  });

  it('leaves out an estimate the browser cannot give, without throwing', async () => {
    stubStorage({ persisted: () => Promise.reject(new Error('denied')), estimate: async () => ({}) });
    await storageStatus.refresh();
    expect(storageStatus.persisted).toBeUndefined();
    expect(storageStatus.estimate).toBeUndefined();
    expect(storageStatus.canPersist).toBe(false);
  });
});
