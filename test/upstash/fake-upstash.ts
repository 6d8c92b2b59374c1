import type { UpstashRedis } from "../../adapters/upstash/options.ts";
import { MemoryLeaseStore } from "../doubles/memory-store.ts";

type Op = "acquire" | "renew" | "release" | "extend" | "acquire-many" | "extend-many";
const FOREVER = 2 ** 50;

/**
 * A stand-in for an `@upstash/redis` client, for deterministic timing tests on a FakeClock: the
 * adapters' six scripts (recognised by their text, via `eval` or `createScript`) run against a
 * {@link MemoryLeaseStore}. `mode` makes calls succeed, fail, wait for `releaseHeld()`, or answer
 * `garbage` instead of the script's reply. Every call is logged with the clock's time.
 * `wipe()` loses every key, like a Redis restart without persistence.
 */
export class FakeUpstash {
  readonly store: MemoryLeaseStore;
  mode: "ok" | "fail" | "hold" | "garble" = "ok";
  garbage: unknown = undefined;
  readonly calls: Array<{ at: number; op: Op }> = [];
  #held: Array<() => void> = [];

  constructor(store: MemoryLeaseStore) {
    this.store = store;
  }

  get client(): UpstashRedis {
    const run = (script: string, keys: string[], args: string[]) => {
      const [key = "", marker = ""] = keys;
      const [value = "", ttl = "0"] = args;
      // The batch scripts: KEYS[i] with ARGV[1] = ttl, ARGV[i + 1] = token; or ARGV[2i - 1] = token, ARGV[2i] = ttl.
      if (script.startsWith("local won")) {
        return this.#call("acquire-many", () => keys.map((k, i) => (this.store.get(k) === args[i + 1] || this.store.setIfAbsent(k, args[i + 1] ?? "", Number(value)) ? 1 : 0)));
      }
      if (script.startsWith("local kept")) {
        return this.#call("extend-many", () => keys.map((k, i) => (this.store.extendIfOwner(k, args[2 * i] ?? "", Number(args[2 * i + 1])) ? 1 : 0)));
      }
      if (script.includes("KEYS[2]")) return this.#call("renew", () => this.#renew(key, marker, value, Number(ttl)));
      if (script.includes("PTTL")) return this.#call("release", () => (this.store.extendIfOwner(key, value, Number(ttl)) ? 1 : 0));
      if (script.includes("return ARGV[1]")) return this.#call("acquire", () => (this.store.get(key) === value || this.store.setIfAbsent(key, value, Number(ttl)) ? value : 0));
      return this.#call("extend", () => (this.store.extendIfOwner(key, value, Number(ttl)) ? 1 : 0));
    };
    return {
      eval: run,
      createScript: (script: string) => ({ exec: (keys: string[], args: string[]) => run(script, keys, args) }),
    } as unknown as UpstashRedis;
  }

  #renew(key: string, marker: string, id: string, ttl: number): number {
    const holder = this.store.get(key);
    if (holder === id) return this.store.renewOrTake(key, id, ttl) ? 1 : 0;
    if (holder !== undefined) return 0;
    this.store.renewOrTake(key, id, ttl);
    return this.store.setIfAbsent(marker, "1", FOREVER) ? 3 : 2;
  }

  count(op?: string): number {
    return this.calls.filter((c) => op === undefined || c.op === op).length;
  }

  /** Answers every held call now (with the current mode's outcome if it is no longer "hold"). */
  releaseHeld(): void {
    for (const release of this.#held.splice(0)) release();
  }

  #call<T>(op: Op, run: () => T): Promise<unknown> {
    this.calls.push({ at: this.store.clock.now(), op });
    const answer = (): Promise<unknown> =>
      this.mode === "fail" ? Promise.reject(new Error("fetch failed")) : this.mode === "garble" ? Promise.resolve(this.garbage) : Promise.resolve().then(run);
    if (this.mode !== "hold") return answer();
    return new Promise<void>((resolve) => this.#held.push(resolve)).then(() => (this.mode === "hold" ? Promise.resolve().then(run) : answer()));
  }
}

/** Marks `key` as a lease this Redis has held before (its `:seen` marker), as in a running deployment. */
export function markSeen(store: MemoryLeaseStore, key: string): void {
  store.setIfAbsent(`${key}:seen`, "1", FOREVER);
}
