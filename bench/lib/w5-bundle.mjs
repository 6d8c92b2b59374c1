// Bundles what W5 needs into one ESM file: isocron's core, the Upstash adapter, the test
// suite's redis-server launcher and Upstash-REST proxy, and @upstash/redis itself.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundleToTemp, root } from "./isocron-bundle.mjs";

const NEEDED = ["src/index.ts", "adapters/upstash/index.ts", "test/support/redis-server.ts", "test/support/upstash-proxy.ts"];

/** `{ file, dispose }`, or `{ missing }` naming the source files that do not exist yet. */
export async function bundleW5() {
  const missing = NEEDED.filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) return { missing };
  const contents = [
    'export { Scheduler, cronJob } from "./src/index.ts";',
    'export { UpstashLocker, UpstashElector } from "./adapters/upstash/index.ts";',
    'export { startRedisServer } from "./test/support/redis-server.ts";',
    'export { startUpstashProxy } from "./test/support/upstash-proxy.ts";',
    'export { Redis } from "@upstash/redis";',
  ].join("\n");
  return bundleToTemp("w5.mjs", {
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "w5-entry.ts" },
    // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  });
}
