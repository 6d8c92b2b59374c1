import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startWorker } from "./harness.ts";

// The elector and locker run inside workerd here and reach the lease object over RPC
// through the namespace binding (see fixture-worker.ts).
let mf: Miniflare;
beforeAll(async () => {
  mf = await startWorker({ entry: "test/cloudflare/fixture-worker.ts", durableObjects: { LEASES: "TestLeaseObject" } });
});
afterAll(() => mf?.dispose());

async function get(path: string): Promise<any> {
  const response = await mf.dispatchFetch(`http://worker${path}`);
  expect(response.status).toBe(200);
  return response.json();
}

describe("RPC transport inside workerd", () => {
  test("of 25 electors asking at once one leads; when it stops, exactly one other takes over after marginMs", async () => {
    const { first, during, duringElapsed, second } = await get("/test/rpc-elect?name=rpc-leader&n=25");
    expect(first.filter(Boolean)).toHaveLength(1);
    // Asked within the 1500 ms grace the released lease keeps: nobody leads.
    expect(duringElapsed).toBeLessThan(1_500);
    expect(during.filter(Boolean)).toHaveLength(0);
    expect(second.filter(Boolean)).toHaveLength(1);
    const before = first.indexOf(true);
    const after = second.indexOf(true);
    expect(after).not.toBe(before);
    expect(second[before]).toBe(false);
  });

  test("lease object methods called over RPC with missing or hostile arguments answer LeaseRequestInvalid and store nothing", async () => {
    const { errors, after } = await get("/test/rpc-hostile");
    // workerd puts the error's name before its message when it crosses RPC.
    const ttl = "SchedulerError: [isocron] LeaseRequestInvalid: ttlMs must be a number of ms in (0, 2073600000], got";
    expect(errors).toEqual([
      `${ttl} undefined`,
      `${ttl} null`,
      `${ttl} NaN`,
      `${ttl} undefined`,
      "SchedulerError: [isocron] LeaseRequestInvalid: lease name must be a string of 1 to 512 characters, got 42",
      "SchedulerError: [isocron] LeaseRequestInvalid: holder must be a string of 1 to 256 characters",
      "SchedulerError: [isocron] LeaseRequestInvalid: graceMs must be a number of ms in [0, 2073600000], got -1",
      'SchedulerError: [isocron] LeaseRequestInvalid: graceMs must be a number of ms in [0, 2073600000], got "500"',
      "SchedulerError: [isocron] LeaseRequestInvalid: graceMs must be a number of ms in [0, 2073600000], got Infinity",
    ]);
    expect(after).toEqual({ held: true, remainingMs: 1000, fence: 1 });
  });

  test("of 25 lockers asking at once, all naming one holder, one wins; after unlock the key stays taken; the lease names the holder", async () => {
    const result = await get("/test/rpc-lock?name=job@1767225600000&n=25");
    expect(result).toEqual({ winners: 1, fence: 1, takenAfterUnlock: true, holder: expect.stringMatching(/^rpc-node:[0-9a-f-]{36}$/) });
  });
});
