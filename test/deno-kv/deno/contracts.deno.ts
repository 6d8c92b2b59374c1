// The shared locker and elector contract suites (test/contracts/, written for vitest), run
// unchanged in real Deno on a local Deno KV file: the import map maps "vitest" to
// vitest-shim.ts. Every locker and elector opens the file anew, like another process would.
// Run: deno test --unstable-kv -A --import-map test/deno-kv/deno/import-map.json test/deno-kv/deno/
import { afterAll } from "vitest";
import { DenoKvElector, DenoKvLocker } from "../../../adapters/deno-kv/index.ts";
import { runElectorContract } from "../../contracts/elector.contract.ts";
import { runLockerContract } from "../../contracts/locker.contract.ts";
import { cuttable } from "./cuttable.ts";

const dir = await Deno.makeTempDir({ prefix: "isocron-deno-kv-" });
const path = `${dir}/kv.sqlite3`;
const opened: Deno.Kv[] = [];
async function open(): Promise<Deno.Kv> {
  const kv = await Deno.openKv(path);
  opened.push(kv);
  return kv;
}
const direct = await open();

afterAll(async () => {
  for (const kv of opened) kv.close();
  await Deno.remove(dir, { recursive: true });
});

runLockerContract("Deno KV (a local KV file, real Deno)", {
  ttlMs: 1_500,
  newLocker: async () => new DenoKvLocker({ kv: await open() }),
  drop: (key) => direct.delete(["isocron", "lock", key]),
  lockMany: true,
});

runElectorContract("Deno KV (a local KV file, real Deno)", {
  ttlMs: 2_000,
  checkMs: 500,
  newElector: async (key) => {
    const { kv, setReachable } = cuttable(await open());
    return { elector: new DenoKvElector({ kv, key: ["contract", key], ttlMs: 2_000, checkMs: 500 }), setReachable };
  },
});
