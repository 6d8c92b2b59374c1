import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DurableObjectElector } from "../../adapters/cloudflare/index.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { startWorker, TOKEN } from "./harness.ts";

const run = promisify(execFile);
const RUNTIMES: Array<[string, string[]]> = [
  ["deno", [resolve("node_modules/.bin/deno"), "run", "--quiet", "--allow-read", "--allow-net=127.0.0.1"]],
  ["bun", [resolve("node_modules/.bin/bun")]],
];

let mf: Miniflare;
let url: string;
let bundle: string;
beforeAll(async () => {
  mf = await startWorker();
  url = (await mf.ready).href;
  // The client entry as a user gets it: one ESM file, no `cloudflare:workers` anywhere.
  const dir = mkdtempSync(join(tmpdir(), "isocron-cf-client-"));
  bundle = join(dir, "cloudflare.js");
  await build({ entryPoints: ["adapters/cloudflare/index.ts"], bundle: true, format: "esm", platform: "neutral", outfile: bundle, logLevel: "silent" });
});
afterAll(async () => {
  await mf?.dispose();
  rmSync(dirname(bundle), { recursive: true, force: true });
});

describe.each(RUNTIMES)("DurableObjectElector over HTTP from %s", (runtime, command) => {
  const [bin, ...pre] = command as [string, ...string[]];
  async function client(name: string, mode: "hold" | "stop"): Promise<{ leader: boolean }> {
    const { stdout } = await run(bin, [...pre, resolve("test/cloudflare/client-script.mjs"), bundle, url, TOKEN, name, `${runtime}-1`, mode], {
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
      timeout: 30_000,
    });
    return JSON.parse(stdout.trim().split("\n").at(-1) as string);
  }

  test("leads; a Node instance follows until that process releases the lease", async () => {
    const name = `runtime-${runtime}`;
    expect(await client(name, "hold")).toEqual({ leader: true });
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const node = new DurableObjectElector({ url, token: TOKEN, name, ttlMs: 30_000, clock });
    expect(await node.isLeader()).toBe(false);
    // Same instance id again: it still holds the lease, then releases it.
    expect(await client(name, "stop")).toEqual({ leader: true });
    // The released lease lasts the client's marginMs (300 ms) more.
    await new Promise((resolve) => setTimeout(resolve, 350));
    await clock.advance(10_000);
    expect(await node.isLeader()).toBe(true);
    await node.stop();
  });
});
