import type { Clock } from "../../src/clock.ts";
import type { DenoKv, DenoKvAtomic, DenoKvKey } from "../../adapters/deno-kv/index.ts";

interface Stored {
  value: unknown;
  versionstamp: string;
  /** When the fake's own clock allows deleting it; the fake deletes only on sweep(), as real KV deletes lazily. */
  deleteAfter: number;
}

/**
 * An in-memory Deno KV for unit tests of the adapters' logic: versionstamps, atomic checks,
 * Deno KV's limits (10 keys a getMany, 100 checks a commit, 81,920 key bytes a commit) and
 * lazy expiry (an expired key stays until `sweep()`), plus counters of what was sent. Each
 * instance sees the shared store through `connect()`, which can be cut off or made busy.
 */
export class FakeKv {
  readonly data = new Map<string, Stored>();
  readonly sent = { get: 0, getMany: 0, commit: 0, failedCommit: 0 };
  #version = 0;

  constructor(private readonly clock: Clock) {}

  static id(key: DenoKvKey): string {
    return JSON.stringify(key.map((part) => (typeof part === "bigint" ? `${part}n` : part instanceof Uint8Array ? [...part] : part)));
  }

  read(key: DenoKvKey): { value: unknown; versionstamp: string | null } {
    const stored = this.data.get(FakeKv.id(key));
    return stored ? { value: stored.value, versionstamp: stored.versionstamp } : { value: null, versionstamp: null };
  }

  /** Deletes what has expired by the KV's clock (real Deno KV does this some time after expireIn). */
  sweep(): void {
    for (const [id, stored] of this.data) if (stored.deleteAfter <= this.clock.now()) this.data.delete(id);
  }

  /**
   * A client of the store. `mode`: "ok"; "fail" (every call rejects, as a lost connection);
   * "hang" (never answers); "lost" (does what was asked, then never answers); `busyCalls`: the
   * next calls fail with SQLite's "database is locked"; `landedBusyCalls`: the next commits do what
   * was asked and then fail so (a worst case the adapters must survive).
   */
  connect(): { kv: DenoKv; state: { mode: "ok" | "fail" | "hang" | "lost"; busyCalls: number; landedBusyCalls: number } } {
    const state = { mode: "ok" as "ok" | "fail" | "hang" | "lost", busyCalls: 0, landedBusyCalls: 0 };
    const gate = <T>(answer: () => T, commit = false): Promise<T> => {
      if (state.mode === "fail") return Promise.reject(new Error("connection lost"));
      if (state.mode === "hang") return new Promise<T>(() => undefined);
      if (state.mode === "lost") {
        answer();
        return new Promise<T>(() => undefined);
      }
      if (commit && state.landedBusyCalls > 0) {
        state.landedBusyCalls -= 1;
        answer();
        return Promise.reject(new TypeError("database is locked"));
      }
      if (state.busyCalls > 0) {
        state.busyCalls -= 1;
        return Promise.reject(new TypeError("database is locked"));
      }
      try {
        return Promise.resolve(answer());
      } catch (error) {
        return Promise.reject(error);
      }
    };
    const kv: DenoKv = {
      get: (key) => gate(() => {
        this.sent.get += 1;
        return this.read(key);
      }),
      getMany: (keys) => gate(() => {
        if (keys.length > 10) throw new TypeError("Too many ranges (max 10)");
        this.sent.getMany += 1;
        return keys.map((key) => this.read(key));
      }),
      atomic: () => this.#atomic(gate),
    };
    return { kv, state };
  }

  #atomic(gate: <T>(answer: () => T, commit?: boolean) => Promise<T>): DenoKvAtomic {
    const checks: Array<{ key: DenoKvKey; versionstamp: string | null }> = [];
    const sets: Array<{ key: DenoKvKey; value: unknown; expireIn: number | undefined }> = [];
    const op: DenoKvAtomic = {
      check: (...more) => (checks.push(...more), op),
      set: (key, value, options) => (sets.push({ key, value: structuredClone(value), expireIn: options?.expireIn }), op),
      commit: () => gate(() => {
        if (checks.length > 100) throw new TypeError("Too many checks (max 100)");
        const keyBytes = [...checks, ...sets].reduce((n, { key }) => n + FakeKv.id(key).length, 0);
        if (keyBytes > 81_920) throw new TypeError("Total key size too large (max 81920 bytes)");
        for (const { expireIn } of sets) {
          if (expireIn !== undefined && (!Number.isInteger(expireIn) || expireIn < 0)) throw new TypeError(`expireIn must be a non-negative integer: received ${expireIn}`);
        }
        this.sent.commit += 1;
        if (!checks.every((c) => this.read(c.key).versionstamp === c.versionstamp)) {
          this.sent.failedCommit += 1;
          return { ok: false };
        }
        this.#version += 1;
        const versionstamp = this.#version.toString(16).padStart(20, "0");
        for (const { key, value, expireIn } of sets) {
          this.data.set(FakeKv.id(key), { value, versionstamp, deleteAfter: expireIn === undefined ? Infinity : this.clock.now() + expireIn });
        }
        return { ok: true, versionstamp };
      }, true),
    };
    return op;
  }
}
