import { RedisElector } from "../../adapters/redis/index.ts";
import { runElectorContract } from "../contracts/elector.contract.ts";
import { KINDS, useRedis } from "./fixture.ts";

const env = useRedis();

for (const kind of KINDS) {
  runElectorContract(`Redis over TCP via ${kind}, real redis-server`, {
    ttlMs: 2_000,
    checkMs: 500,
    newElector: async (key) => {
      // A deployment that has held this lease before (a first start waits one ttl).
      await env.direct.command(["SET", `${key}:seen`, "1"]);
      // Its own connection behind its own gate, so it can be cut off alone (its commands hang).
      const { client, setReachable } = await env.gated(kind);
      return { elector: new RedisElector({ client, key, ttlMs: 2_000, checkMs: 500, timeoutMs: 500 }), setReachable };
    },
  });
}
