import { Redis as IoRedis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll } from "vitest";
import type { RedisClient } from "../../adapters/redis/index.ts";
import type { RespClient } from "../support/redis-resp.ts";
import { redisForFile } from "../support/redis-server.ts";
import { startTcpGate, type TcpGate } from "../support/tcp-gate.ts";

/** The Node clients isocron/redis is tested with (Bun's runs in test/redis/bun/). */
export const KINDS = ["node-redis", "ioredis"] as const;
export type ClientKind = (typeof KINDS)[number];

/**
 * A real redis-server for this test file (started in beforeAll, stopped in afterAll) and real
 * clients of each kind, each on its own connection like another process; every client and
 * gate made here is closed after the file.
 */
export function useRedis() {
  const redis = redisForFile();
  beforeAll(redis.start);
  afterAll(redis.stop);
  /** A connected client of `kind`, to the server or to `viaPort` (a gate in front of it). */
  const connect = async (kind: ClientKind, viaPort = redis.port): Promise<RedisClient> => {
    if (kind === "ioredis") {
      const client = new IoRedis(viaPort, "127.0.0.1", { lazyConnect: true });
      await client.connect();
      redis.closeLater(() => client.disconnect());
      return client;
    }
    const client = await createClient({ url: `redis://127.0.0.1:${viaPort}` }).connect();
    redis.closeLater(() => client.destroy());
    return client;
  };
  return {
    get port() {
      return redis.port;
    },
    get direct(): RespClient {
      return redis.direct;
    },
    connect,
    /** A client behind its own {@link TcpGate}: `setReachable(false)` cuts it off (its commands hang). */
    async gated(kind: ClientKind): Promise<{ client: RedisClient; setReachable(up: boolean): void }> {
      const gate: TcpGate = await startTcpGate(redis.port);
      redis.closeLater(() => gate.stop());
      const client = await connect(kind, gate.port);
      return { client, setReachable: (up) => gate.setOpen(up) };
    },
  };
}
