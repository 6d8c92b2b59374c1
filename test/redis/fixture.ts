import { Redis as IoRedis } from "ioredis";
import { createClient } from "redis";
import { afterAll, beforeAll } from "vitest";
import type { RedisClient } from "../../adapters/redis/index.ts";
import type { RespClient } from "../support/redis-resp.ts";
import { startRedisServer, type RedisServer } from "../support/redis-server.ts";
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
  let server: RedisServer | undefined;
  let direct: RespClient | undefined;
  const closers: Array<() => unknown> = [];
  beforeAll(async () => {
    server = await startRedisServer();
    direct = await server.connect();
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await Promise.resolve(close()).catch(() => undefined);
    direct?.close();
    await server?.stop();
  });
  const port = () => {
    if (!server) throw new Error("redis-server not started (use it inside a test)");
    return server.port;
  };
  /** A connected client of `kind`, to the server or to `viaPort` (a gate in front of it). */
  const connect = async (kind: ClientKind, viaPort = port()): Promise<RedisClient> => {
    if (kind === "ioredis") {
      const client = new IoRedis(viaPort, "127.0.0.1", { lazyConnect: true });
      await client.connect();
      closers.push(() => client.disconnect());
      return client;
    }
    const client = await createClient({ url: `redis://127.0.0.1:${viaPort}` }).connect();
    closers.push(() => client.destroy());
    return client;
  };
  return {
    get port() {
      return port();
    },
    get direct(): RespClient {
      if (!direct) throw new Error("redis-server not started (use it inside a test)");
      return direct;
    },
    connect,
    /** A client behind its own {@link TcpGate}: `setReachable(false)` cuts it off (its commands hang). */
    async gated(kind: ClientKind): Promise<{ client: RedisClient; setReachable(up: boolean): void }> {
      const gate: TcpGate = await startTcpGate(port());
      closers.push(() => gate.stop());
      const client = await connect(kind, gate.port);
      return { client, setReachable: (up) => gate.setOpen(up) };
    },
  };
}
