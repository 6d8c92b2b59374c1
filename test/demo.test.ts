import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { expect, it } from "vitest";

interface Demo {
  /** Everything printed so far. */
  out(): string;
  /** Resolves once `pattern` has been printed, with its match. */
  printed(pattern: RegExp): Promise<RegExpMatchArray>;
  exit: Promise<number | null>;
}

function startDemo(...args: string[]): Demo {
  const child = spawn(process.execPath, ["demo/start.mjs", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const waiting = new Set<() => void>();
  const take = (b: Buffer) => {
    out += b.toString();
    for (const check of waiting) check();
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    out: () => out,
    exit,
    printed: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) {
            waiting.delete(check);
            resolve(match);
          }
        };
        waiting.add(check);
        check();
        void exit.then(() => reject(new Error(`exited before printing ${pattern}:\n${out}`)));
      }),
  };
}

// `npm start -- --seconds N` is the README's demo line: it must run real jobs and stop by itself.
it("the demo runs its jobs and stops by itself after --seconds", async () => {
  const demo = startDemo("--seconds", "6", "--port", "0");
  const code = await demo.exit;
  const out = demo.out();
  expect(code, out).toBe(0);
  for (const job of ["heartbeat", "poll", "one-time", "singleton"]) expect(out).toMatch(new RegExp(`▶ ${job}`));
  expect(out).toMatch(/↷ singleton\s+skipped .*: singleton/);
  expect(out).toMatch(/■ one-time\s+removed/);
  expect(out.trimEnd().endsWith("bye")).toBe(true);
}, 30_000);

// ADMIN.md: the demo serves the dashboard on the loopback interface behind a token it prints,
// with the link to open; each start has its own token.
it("the demo serves the dashboard on 127.0.0.1 behind a fresh token, printing the link", async () => {
  const demos = [startDemo("--seconds", "5", "--port", "0"), startDemo("--seconds", "5", "--port", "0")];
  const links = await Promise.all(demos.map((d) => d.printed(/open: (http:\/\/127\.0\.0\.1:(\d+)\/)#token=([A-Za-z0-9_-]+)\n/)));
  const [[, origin, port, token], [, , port2, token2]] = links as [RegExpMatchArray, RegExpMatchArray];
  expect(token!.length).toBeGreaterThanOrEqual(16);
  expect(token2).not.toBe(token);
  expect(port2).not.toBe(port);
  expect(demos[0]!.out()).toContain(`dashboard: ${origin}  token: ${token}\n`);

  const signal = AbortSignal.timeout(5_000);
  const page = await fetch(origin!, { signal });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('src="assets/dashboard.js"');

  const jobs = await fetch(`${origin}api/jobs`, { headers: { authorization: `Bearer ${token}` }, signal });
  expect(jobs.status).toBe(200);
  const list = (await jobs.json()) as { name: string; scheduleText: string }[];
  expect(list.map((j) => j.name)).toEqual(["heartbeat", "poll", "daily", "weekly", "one-time", "singleton"]);
  expect(list.every((j) => j.scheduleText.length > 0)).toBe(true);

  const without = await fetch(`${origin}api/jobs`, { signal });
  expect(without.status).toBe(401);
  expect(await without.json()).toMatchObject({ code: expect.any(String) });
  // The other demo's token opens nothing here.
  const other = await fetch(`${origin}api/jobs`, { headers: { authorization: `Bearer ${token2}` }, signal });
  expect(other.status).toBe(401);

  // An open dashboard's event stream does not keep the demo alive past --seconds.
  const events = await fetch(`${origin}api/events`, { headers: { authorization: `Bearer ${token}` } });
  expect(events.status).toBe(200);
  expect(events.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const drained = events.text().then(() => "ended", () => "cut");

  // Bound to 127.0.0.1 only: not on IPv6 loopback either.
  await expect(fetch(`http://[::1]:${port}/`, { signal })).rejects.toThrow();

  expect(await Promise.all(demos.map((d) => d.exit))).toEqual([0, 0]);
  expect(["ended", "cut"]).toContain(await drained);
  await expect(fetch(origin!, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
}, 30_000);

it("the demo refuses a port it cannot use, saying which", async () => {
  const bad = startDemo("--seconds", "5", "--port", "http");
  expect(await bad.exit).not.toBe(0);
  expect(bad.out()).toContain("--port needs a whole number from 0 to 65535, got http");

  const taken = createServer();
  const port = await new Promise<number>((resolve) => taken.listen(0, "127.0.0.1", () => resolve((taken.address() as { port: number }).port)));
  try {
    const busy = startDemo("--seconds", "5", "--port", String(port));
    expect(await busy.exit).toBe(1);
    expect(busy.out()).toContain(`dashboard: cannot listen on 127.0.0.1:${port}: `);
    expect(busy.out().trimEnd().endsWith("bye")).toBe(true);
  } finally {
    taken.close();
  }
}, 30_000);
