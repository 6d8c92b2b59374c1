import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cluster } from "ioredis";
import { createCluster } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisElector, RedisLocker } from "../../adapters/redis/index.ts";
import { SchedulerError } from "../../src/errors.ts";
import type { RespClient } from "../support/redis-resp.ts";
import { freePort, REDIS_SERVER_BIN } from "../support/redis-server.ts";
import { RespClient as Resp } from "../support/redis-resp.ts";

/*
 * A real redis-server in cluster mode (one node holding every slot), reached through the
 * cluster clients of node-redis and ioredis: one script may only touch keys of one slot.
 */
let child: ChildProcess | undefined;
let dir: string | undefined;
let port = 0;
let direct: RespClient | undefined;
const closers: Array<() => unknown> = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "isocron-cluster-"));
  port = await freePort();
  child = spawn(REDIS_SERVER_BIN, ["--port", String(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-announce-ip", "127.0.0.1", "--cluster-config-file", join(dir, "nodes.conf"), "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  for (let i = 0; i < 100 && !direct; i += 1) direct = await Resp.connect(port).catch(async () => (await sleep(50), undefined));
  await direct?.command(["CLUSTER", "ADDSLOTSRANGE", "0", "16383"]);
  for (let i = 0; i < 100; i += 1) {
    if (String(await direct?.command(["CLUSTER", "INFO"])).includes("cluster_state:ok")) break;
    await sleep(50);
  }
}, 20_000);

afterAll(async () => {
  for (const close of closers) await Promise.resolve(close()).catch(() => undefined);
  direct?.close();
  child?.kill("SIGKILL");
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function clusterClient(kind: "node-redis" | "ioredis"): Promise<object> {
  if (kind === "ioredis") {
    const cluster = new Cluster([{ host: "127.0.0.1", port }]);
    closers.push(() => cluster.disconnect());
    return cluster;
  }
  const cluster = await createCluster({ rootNodes: [{ url: `redis://127.0.0.1:${port}` }] }).connect();
  closers.push(() => cluster.destroy());
  return cluster;
}

describe("Redis Cluster: one batch, one slot", () => {
  for (const kind of ["node-redis", "ioredis"] as const) {
    it(`${kind} cluster client: with a hash tag in the prefix a batch is one script; without, Redis refuses it (CROSSSLOT) and lockMany fails loudly`, async () => {
      const client = await clusterClient(kind);
      const keys = ["report@1", "billing@1", "mail@1", "sync@1"].map((key) => `${kind}-${key}`);
      const tagged = new RedisLocker({ client: client as never, prefix: "{isocron}:lock:" });
      const locks = await tagged.lockMany(keys, { ttlMs: 5_000 });
      expect(locks.every((lock) => lock !== null)).toBe(true);
      expect(await tagged.lockMany(keys, { ttlMs: 5_000 })).toEqual([null, null, null, null]);
      expect(await new RedisLocker({ client: client as never, prefix: "{isocron}:lock:" }).lock(keys[0] as string, { ttlMs: 5_000 })).toBeNull();
      const error = await new RedisLocker({ client: client as never }).lockMany(keys, { ttlMs: 5_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchedulerError);
      expect((error as SchedulerError).code).toBe("LockerFailed");
      expect((error as Error).message).toMatch(/CROSSSLOT/);
      // one key at a time needs no tag: lock() works with the default prefix
      expect(await new RedisLocker({ client: client as never }).lock(`${kind}-single@1`, { ttlMs: 5_000 })).not.toBeNull();
      await Promise.all(locks.map((lock) => lock?.unlock()));
    });

    it(`${kind} cluster client: the elector's lease key needs a hash tag too (it writes <key> and <key>:seen in one script)`, async () => {
      const client = await clusterClient(kind);
      const elector = new RedisElector({ client: client as never, key: `{${kind}}:leader`, ttlMs: 3_000 });
      await direct?.command(["SET", `{${kind}}:leader:seen`, "1"]);
      expect(await elector.isLeader()).toBe(true);
      await elector.stop();
      const error = await new RedisElector({ client: client as never, key: `${kind}:leader` }).isLeader().catch((e: unknown) => e);
      expect((error as SchedulerError).code).toBe("ElectorFailed");
      expect((error as Error).message).toMatch(/CROSSSLOT/);
    });
  }
});
