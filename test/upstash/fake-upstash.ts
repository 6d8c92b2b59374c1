import type { UpstashRedis } from "../../adapters/upstash/options.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";

/**
 * A stand-in for an `@upstash/redis` client, for deterministic timing tests on a FakeClock:
 * `set` and the adapters' three scripts (recognised by their text) run against a
 * {@link MemoryLeaseStore}. `mode` makes calls succeed, fail, or wait for `releaseHeld()`.
 * Every call is logged with the clock's time.
 */
export class FakeUpstash {
  readonly store: MemoryLeaseStore;
  mode: "ok" | "fail" | "hold" = "ok";
  readonly calls: Array<{ at: number; op: "set" | "renew" | "release" | "extend" }> = [];
  #held: Array<() => void> = [];

  constructor(store: MemoryLeaseStore) {
    this.store = store;
  }

  get client(): UpstashRedis {
    const set = (key: string, value: string, opts: { nx: true; px: number }) =>
      this.#call("set", () => (this.store.setIfAbsent(key, value, opts.px) ? "OK" : null));
    const createScript = (script: string) => ({
      exec: (keys: string[], args: string[]) => {
        const [key = "", value = "", ttl = "0"] = [keys[0], args[0], args[1]];
        if (script.includes("if holder then return 0")) return this.#call("renew", () => (this.store.renewOrTake(key, value, Number(ttl)) ? 1 : 0));
        if (script.includes("DEL")) return this.#call("release", () => (this.store.deleteIfOwner(key, value) ? 1 : 0));
        return this.#call("extend", () => (this.store.extendIfOwner(key, value, Number(ttl)) ? 1 : 0));
      },
    });
    return { set, createScript } as unknown as UpstashRedis;
  }

  count(op?: string): number {
    return this.calls.filter((c) => op === undefined || c.op === op).length;
  }

  /** Answers every held call now (with the current mode's outcome if it is no longer "hold"). */
  releaseHeld(): void {
    for (const release of this.#held.splice(0)) release();
  }

  #call<T>(op: "set" | "renew" | "release" | "extend", run: () => T): Promise<T> {
    this.calls.push({ at: this.store.clock.now(), op });
    const answer = (): Promise<T> =>
      this.mode === "fail" ? Promise.reject(new Error("fetch failed")) : Promise.resolve().then(run);
    if (this.mode !== "hold") return answer();
    return new Promise<void>((resolve) => this.#held.push(resolve)).then(() => (this.mode === "fail" ? answer() : Promise.resolve().then(run)));
  }
}
