import { UpstashLocker } from "../../adapters/upstash/index.ts";
import { runLockerContract } from "../contracts/locker.contract.ts";
import { useRedisProxy } from "./fixture.ts";

const env = useRedisProxy();

runLockerContract("Upstash, real Redis through the REST proxy", {
  ttlMs: 1_500,
  newLocker: () => new UpstashLocker({ redis: env.proxy.newClient().redis }),
  drop: async (key) => {
    await env.proxy.direct.command(["DEL", `isocron:lock:${key}`]);
  },
});
