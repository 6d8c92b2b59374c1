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

runLockerContract("Upstash with url + token (the adapter's own REST client), real Redis", {
  ttlMs: 1_500,
  newLocker: () => new UpstashLocker({ url: env.proxy.url, token: env.proxy.newClient().token }),
  drop: async (key) => {
    await env.proxy.direct.command(["DEL", `isocron:lock:${key}`]);
  },
});
