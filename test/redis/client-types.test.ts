import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("node-redis (client and cluster) and ioredis (Redis and Cluster) fit the client option by their own types, no cast", () => {
  const tsc = fileURLToPath(new URL("../../node_modules/.bin/tsc", import.meta.url));
  const project = fileURLToPath(new URL("./tsconfig.client-types.json", import.meta.url));
  const r = spawnSync(tsc, ["-p", project], { encoding: "utf8" });
  expect(`${r.stdout}${r.stderr}`).toBe("");
  expect(r.status).toBe(0);
});
