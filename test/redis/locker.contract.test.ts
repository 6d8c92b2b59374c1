import { RedisLocker } from "../../adapters/redis/index.ts";
import { runLockerContract } from "../contracts/locker.contract.ts";
import { KINDS, useRedis } from "./fixture.ts";

const env = useRedis();

for (const kind of KINDS) {
  runLockerContract(`Redis over TCP via ${kind}, real redis-server`, {
    ttlMs: 1_500,
    lockMany: true, // the batch cases of the contract (issue 13)
    newLocker: async () => new RedisLocker({ client: await env.connect(kind) }),
    drop: async (key) => {
      await env.direct.command(["DEL", `isocron:lock:${key}`]);
    },
  });
}
