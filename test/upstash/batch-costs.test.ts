import { UpstashLocker } from "../../adapters/upstash/index.ts";
import { runBatchCosts } from "../support/batch-costs.ts";
import { useRedisProxy } from "./fixture.ts";

const env = useRedisProxy();

for (const via of ["@upstash/redis", "url + token"] as const) {
  runBatchCosts(`UpstashLocker (${via}), real Redis through the REST proxy`, {
    newInstance: async () => {
      const { token, redis } = env.proxy.newClient();
      const locker = via === "url + token" ? new UpstashLocker({ url: env.proxy.url, token }) : new UpstashLocker({ redis });
      return { locker, sent: () => env.proxy.commandsOf(token) };
    },
    del: async (key) => {
      await env.proxy.direct.command(["DEL", key]);
    },
  });
}
