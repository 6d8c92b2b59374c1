import type { Lock, Locker, LockOptions } from "./distributed.ts";
import { SchedulerError, show } from "./errors.ts";
import type { Hooks } from "./hooks.ts";

/** Most keys in one `lockMany` call; a larger dispatch is split into several calls. */
export const MAX_LOCK_BATCH = 1000;

/** Microtask turns without a new request after which a batch is sent. */
const QUIET_TURNS = 4;

/** Asks a locker's `lockMany` for one occurrence's key, with the other requests of the moment. */
export type LockMany = (locker: Locker, key: string, options: LockOptions) => Promise<Lock | null>;

/** How a run hears its key's answer. */
type Settle = [resolve: (lock: Lock | null) => void, reject: (error: unknown) => void];

/** The requests gathered for one locker, not sent yet. */
interface Batch {
  /** Key -> how its run hears the answer. */
  readonly _keys: Map<string, Settle>;
  readonly _options: LockOptions;
  /** Aborts the request once every run in it was aborted (a stop). */
  readonly _stop: AbortController;
  /** Runs in the batch whose signal is not aborted. */
  _live: number;
}

const isLock = (value: unknown): value is Lock | null => value === null || typeof (value as Lock | undefined)?.unlock === "function";

/**
 * Gathers the lock requests of runs that reach their locker together (the runs of one
 * dispatch, also behind an elector answering from its cache) into one `lockMany` call per
 * locker. A batch is sent once a few microtask turns pass without a new request, so no run
 * waits on a timer or on runs outside its batch.
 */
export function lockBatches(hooks: Hooks): LockMany {
  const open = new Map<Locker, Batch>();

  /**
   * Sends the batch once QUIET_TURNS microtask turns in a row brought no new request: runs
   * whose elector answers reach the locker a few microtasks apart still share the call.
   */
  const look = (locker: Locker, batch: Batch, seen = 0, quiet = 0): void => queueMicrotask(() => {
    const size = batch._keys.size;
    if (size !== seen || quiet < QUIET_TURNS) return look(locker, batch, size, size === seen ? quiet + 1 : 0);
    open.delete(locker);
    if (batch._live === 0) batch._stop.abort();
    const entries = [...batch._keys];
    for (let i = 0; i < size; i += MAX_LOCK_BATCH) send(locker, batch._options, entries.slice(i, i + MAX_LOCK_BATCH));
  });

  /** One `lockMany` call; a reply that is not one Lock or null per key fails the whole part. */
  const send = (locker: Locker, options: LockOptions, part: [string, Settle][]): void => {
    const keys = part.map(([key]) => key);
    new Promise<unknown>((resolve) => resolve((locker.lockMany as NonNullable<Locker["lockMany"]>)(keys, options))).then((answer) => {
      // A copy: a hole in the reply reads as undefined, which is no answer.
      const locks: unknown[] = Array.isArray(answer) ? [...answer] : [];
      if (locks.length === keys.length && locks.every(isLock)) return part.forEach(([, [resolve]], j) => resolve(locks[j] as Lock | null));
      // Release any Lock in a malformed reply, so that it does not extend forever.
      for (const lock of locks) if (lock && isLock(lock)) void hooks.call("lock.unlock", () => lock.unlock());
      throw new SchedulerError("LockerFailed", `lockMany answered ${show(answer)} for ${keys.length} key(s)`);
    }).catch((error: unknown) => {
      for (const [, [, reject]] of part) reject(error);
    });
  };

  return (locker, key, options) => {
    let batch = open.get(locker);
    if (batch === undefined) {
      const stop = new AbortController();
      open.set(locker, batch = { _keys: new Map(), _options: { ...options, signal: stop.signal }, _stop: stop, _live: 0 });
      look(locker, batch);
    }
    const b = batch;
    const signal = options.signal as AbortSignal;
    if (!signal.aborted) {
      b._live++;
      signal.addEventListener("abort", () => --b._live || b._stop.abort(signal.reason), { once: true });
    }
    // Jobs sharing a name ask for one key twice: the occurrence is the first request's.
    if (b._keys.has(key)) return Promise.resolve(null);
    return new Promise((resolve, reject) => void b._keys.set(key, [resolve, reject]));
  };
}
