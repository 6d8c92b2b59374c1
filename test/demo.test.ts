import { spawn } from "node:child_process";
import { expect, it } from "vitest";

// `npm start -- --seconds N` is the README's demo line: it must run real jobs and stop by itself.
it("the demo runs its jobs and stops by itself after --seconds", async () => {
  const child = spawn(process.execPath, ["demo/start.mjs", "--seconds", "6"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(code, out).toBe(0);
  for (const job of ["heartbeat", "poll", "one-time", "singleton"]) expect(out).toMatch(new RegExp(`▶ ${job}`));
  expect(out).toMatch(/↷ singleton\s+skipped .*: singleton/);
  expect(out).toMatch(/■ one-time\s+removed/);
  expect(out.trimEnd().endsWith("bye")).toBe(true);
}, 30_000);
