import type { Lock, Locker, LockOptions } from "./distributed.ts";
import { SchedulerError, show } from "./errors.ts";
import type { Hooks } from "./hooks.ts";

/** Most keys in one `lockMany` call; a larger dispatch is split into several calls. */
export const MAX_LOCK_BATCH = 1000;

/**
 * Asks for one occurrence's key: through the locker's `lockMany`, with the other requests of
 * the moment, when `batch` is true and the locker has one; else through `lock()` alone.
 */
export type LockMany = (locker: Locker, key: string, options: LockOptions, batch: boolean) => Promise<Lock | null>;

/**
 * Gathers the lock requests of runs that reach their locker together (the runs of one
 * dispatch, also behind an elector answering from its cache) into one `lockMany` call per
 * locker. A batch is sent once a few microtask turns pass without a new request, so no run
 * waits on a timer or on runs outside its batch.
 */
export function lockBatches(hooks: Hooks): LockMany {
  /** Locker -> how a request joins its open batch (one not sent yet). */
  const open = new Map<Locker, (key: string, signal: AbortSignal) => Promise<Lock | null>>();
  return (locker, key, options, batch) => {
    if (!batch || !locker.lockMany) return locker.lock(key, options);
    let join = open.get(locker);
    if (!join) {
      /** Key -> how its run hears the answer (a promise of its Lock, rejected if the call failed). */
      const keys = new Map<string, (answer: Promise<Lock | null>) => void>();
      /** Aborts the request once every run in it was aborted (a stop). */
      const stop = new AbortController();
      const sent = { ...options, signal: stop.signal };
      /** Runs in the batch whose signal is not aborted. */
      let live = 0;
      // Sent once 5 microtask turns in a row brought no new request: runs whose elector
      // answers reach the locker a few microtasks apart still share the call.
      const look = (seen: number, quiet: number): void => queueMicrotask(() => {
        const size = keys.size;
        if ((quiet = size - seen ? 0 : quiet + 1) < 5) return look(size, quiet);
        open.delete(locker);
        live || stop.abort();
        const entries = [...keys];
        while (entries.length > 0) {
          const part = entries.splice(0, MAX_LOCK_BATCH);
          const names = part.map(([name]) => name);
          // A reply that is not one Lock or null per key fails the whole part.
          const reply = new Promise<unknown>((resolve) => resolve(locker.lockMany!(names, sent))).then((answer: unknown) => {
            // A copy: a hole in the reply reads as undefined, which is no answer.
            const locks: unknown[] = Array.isArray(answer) ? [...answer] : [];
            if (locks.length === names.length && locks.every((lock) => lock === null || typeof (lock as Lock | undefined)?.unlock === "function")) return locks as (Lock | null)[];
            // Release any Lock in a malformed reply, so that it does not extend forever.
            for (const lock of locks as Lock[]) if (typeof lock?.unlock === "function") void hooks.call("lock.unlock", () => lock.unlock());
            throw new SchedulerError("LockerFailed", `lockMany answered ${show(answer)} for ${names.length} key(s)`);
          });
          part.forEach(([, hear], j) => hear(reply.then((locks) => locks[j] as Lock | null)));
        }
      });
      look(0, 0);
      open.set(locker, join = (name, signal) => {
        if (!signal.aborted) {
          live++;
          signal.addEventListener("abort", () => --live || stop.abort(signal.reason));
        }
        // Jobs sharing a name ask for one key twice: the occurrence is the first request's.
        return new Promise((resolve) => void (keys.has(name) ? resolve(null) : keys.set(name, resolve)));
      });
    }
    return join(key, options.signal as AbortSignal);
  };
}
