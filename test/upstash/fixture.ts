import { afterAll, beforeAll } from "vitest";
import { startRedisServer, type RedisServer } from "../support/redis-server.ts";
import { startUpstashProxy, type UpstashProxy } from "../support/upstash-proxy.ts";

/**
 * Starts a real redis-server and the Upstash REST proxy for this test file (beforeAll) and
 * stops both after it (afterAll). Read `.proxy` / `.server` inside tests only.
 */
export function useRedisProxy(): { readonly proxy: UpstashProxy; readonly server: RedisServer } {
  let server: RedisServer | undefined;
  let proxy: UpstashProxy | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
    proxy = await startUpstashProxy(server.port);
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });
  return {
    get proxy() {
      if (!proxy) throw new Error("proxy not started (use it inside a test)");
      return proxy;
    },
    get server() {
      if (!server) throw new Error("redis-server not started (use it inside a test)");
      return server;
    },
  };
}
