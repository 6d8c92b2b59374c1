import type { Miniflare } from "miniflare";
import { afterAll, beforeAll } from "vitest";
import { DurableObjectElector, DurableObjectLocker } from "../../adapters/cloudflare/index.ts";
import { runElectorContract } from "../contracts/elector.contract.ts";
import { runLockerContract } from "../contracts/locker.contract.ts";
import { startWorker, TOKEN } from "./harness.ts";

// Both suites run on real time: the lease object's clock is workerd's own.
let mf: Miniflare;
let url: string;
beforeAll(async () => {
  mf = await startWorker({ entry: "test/cloudflare/fixture-worker.ts", durableObjects: { LEASES: "TestLeaseObject" } });
  url = (await mf.ready).href;
});
afterAll(() => mf?.dispose());

/** A fetch that this one instance can lose, like a process cut off from the network. */
function cuttable(): { fetch: (url: string, init: RequestInit) => Promise<Response>; setReachable: (up: boolean) => void } {
  let up = true;
  return {
    fetch: (target, init) => (up ? fetch(target, init) : Promise.reject(new TypeError("network is down"))),
    setReachable: (value) => {
      up = value;
    },
  };
}

runLockerContract("Durable Object over HTTP", {
  ttlMs: 1_200,
  newLocker: () => new DurableObjectLocker({ url, token: TOKEN }),
  drop: async (key) => {
    const ns = await mf.getDurableObjectNamespace("LEASES");
    await (ns.get(ns.idFromName("isocron-locks")) as unknown as { drop(name: string): Promise<void> }).drop(key);
  },
});

runElectorContract("Durable Object over HTTP", {
  ttlMs: 1_500,
  checkMs: 500,
  newElector: (key) => {
    const network = cuttable();
    const elector = new DurableObjectElector({ url, token: TOKEN, name: key, ttlMs: 1_500, fetch: network.fetch });
    return { elector, setReachable: network.setReachable };
  },
});
