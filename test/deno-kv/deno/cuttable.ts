import type { DenoKv } from "../../../adapters/deno-kv/index.ts";

/**
 * A `Deno.Kv` as one instance sees it, with a switch that cuts that instance off: while down,
 * every read and commit rejects (as a lost connection to a remote KV would), while the KV file
 * and every other instance carry on.
 */
export function cuttable(kv: DenoKv): { kv: DenoKv; setReachable(up: boolean): void } {
  let up = true;
  const refuse = (): Promise<never> => Promise.reject(new Error("KV unreachable (cut off by the test)"));
  const wrapped: DenoKv = {
    get: (key) => (up ? kv.get(key) : refuse()),
    getMany: (keys) => (up ? kv.getMany(keys) : refuse()),
    atomic: () => {
      const op = kv.atomic();
      const view: ReturnType<DenoKv["atomic"]> = {
        check: (...checks) => (op.check(...checks), view),
        set: (key, value, options) => (op.set(key, value, options), view),
        commit: () => (up ? op.commit() : refuse()),
      };
      return view;
    },
  };
  return { kv: wrapped, setReachable: (value) => void (up = value) };
}
