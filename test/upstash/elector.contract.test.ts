import { UpstashElector } from "../../adapters/upstash/index.ts";
import { runElectorContract } from "../contracts/elector.contract.ts";
import { useRedisProxy } from "./fixture.ts";

const env = useRedisProxy();

runElectorContract("Upstash, real Redis through the REST proxy", {
  ttlMs: 2_000,
  checkMs: 500,
  newElector: async (key) => {
    // A deployment that has held this lease before: on a Redis that never did (or lost its
    // data) the first leader waits one ttl, see timing.test.ts.
    await env.proxy.direct.command(["SET", `${key}:seen`, "1"]);
    const { token, redis } = env.proxy.newClient();
    const elector = new UpstashElector({ redis, key, ttlMs: 2_000, checkMs: 500 });
    return { elector, setReachable: (up) => env.proxy.setDown(token, up ? false : "error") };
  },
});

runElectorContract("Upstash with url + token (the adapter's own REST client), real Redis", {
  ttlMs: 2_000,
  checkMs: 500,
  newElector: async (key) => {
    await env.proxy.direct.command(["SET", `${key}:seen`, "1"]);
    const { token } = env.proxy.newClient();
    const elector = new UpstashElector({ url: env.proxy.url, token, key, ttlMs: 2_000, checkMs: 500 });
    return { elector, setReachable: (up) => env.proxy.setDown(token, up ? false : "error") };
  },
});
