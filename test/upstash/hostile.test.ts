import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { SchedulerError } from "../../src/errors.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.ts";
import { useRedisProxy } from "./fixture.ts";

// The adapters against a hostile or broken network: a fault proxy between them and the real
// Upstash REST proxy (in front of a real redis-server).
const env = useRedisProxy();
let faults: FaultProxy;
let elsewhere: Server; // where redirects point: it must never see a request
let elsewhereHits = 0;
beforeAll(async () => {
  elsewhere = createServer((_req, res) => {
    elsewhereHits += 1;
    res.writeHead(200, { "content-type": "application/json" }).end('{"result":"OK"}');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
  faults = await startFaultProxy(env.proxy.url, { redirectTo: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}` });
});
afterAll(async () => {
  await faults.stop();
  await new Promise((resolve) => elsewhere.close(resolve));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TOKEN_SHAPE = /isocron-[0-9a-f]{32}/;

/** Everything an error exposes: message, stack and the whole cause chain. */
function exposed(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 5; depth += 1) {
    if (!(e instanceof Error)) {
      parts.push(String(e));
      break;
    }
    parts.push(e.name, e.message, e.stack ?? "");
    e = e.cause;
  }
  return parts.join("\n");
}

async function rejection(promise: Promise<unknown>): Promise<SchedulerError> {
  const outcome = await promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  if (!("error" in outcome)) throw new Error(`expected a rejection, got ${String(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(SchedulerError);
  return outcome.error as SchedulerError;
}

/** A locker through the fault proxy with the adapter's own REST client. */
const restLocker = (timeoutMs = 2_000) => {
  const { token } = env.proxy.newClient();
  return { token, locker: new UpstashLocker({ url: faults.url, token, timeoutMs }) };
};

describe("Upstash adapters against a hostile network (url + token: the adapter's own REST client)", () => {
  it("a lost answer (reset after Redis executed the take): the retry recognises its own token and wins", async () => {
    const { locker } = restLocker();
    let first = true;
    faults.setFault(() => (first ? ((first = false), "reset-after") : "pass"));
    const lock = await locker.lock("reset@1", { ttlMs: 5_000 });
    faults.setFault("pass");
    expect(lock).not.toBeNull();
    const held = await env.proxy.direct.command(["GET", "isocron:lock:reset@1"]);
    expect(held).toMatch(TOKEN_SHAPE);
    // and another instance still cannot take it
    expect(await restLocker().locker.lock("reset@1", { ttlMs: 5_000 })).toBeNull();
  });

  it("a lost answer with a holder: the resend still recognises its own <holder>:<token> and wins; the value names the holder", async () => {
    const { locker } = restLocker();
    let first = true;
    faults.setFault(() => (first ? ((first = false), "reset-after") : "pass"));
    const lock = await locker.lock("reset-holder@1", { ttlMs: 5_000, holder: "node-a" });
    faults.setFault("pass");
    expect(lock).not.toBeNull();
    expect(String(await env.proxy.direct.command(["GET", "isocron:lock:reset-holder@1"]))).toMatch(/^node-a:isocron-[0-9a-f]{32}$/);
    expect(await restLocker().locker.lock("reset-holder@1", { ttlMs: 5_000, holder: "node-a" })).toBeNull();
  });

  it("a server that echoes the request body (a holder JSON-escaped in it): no message, cause or stack holds the random token", async () => {
    const sent: string[] = [];
    const echo = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const args = JSON.parse(body) as string[];
        sent.push(String(args[4])); // EVAL script numkeys key TOKEN ttl
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: `ERR cannot run ${body}` }));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      const holder = 'nœud "a"\\1';
      const error = await rejection(new UpstashLocker({ url, token: "echo-auth-secret-77" }).lock("echo-body@1", { ttlMs: 5_000, holder }));
      expect(error.code).toBe("LockerFailed");
      const [token] = sent;
      expect(token?.startsWith(`${holder}:isocron-`)).toBe(true);
      expect(exposed(error)).toContain("cannot run");
      expect(exposed(error)).not.toContain(token?.slice(holder.length + 1));
      expect(exposed(error)).not.toMatch(TOKEN_SHAPE);
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it("the same with an @upstash/redis client: its own retry finds its own token and wins", async () => {
    const { redis } = env.proxy.newClient();
    const token = (redis as unknown as { client: { headers: Record<string, string> } }).client.headers.authorization?.slice(7) ?? "";
    const viaFaults = new Redis({ url: faults.url, token, enableTelemetry: false, retry: { retries: 3, backoff: () => 20 } });
    let first = true;
    faults.setFault(() => (first ? ((first = false), "reset-after") : "pass"));
    const lock = await new UpstashLocker({ redis: viaFaults }).lock("reset@2", { ttlMs: 5_000 });
    faults.setFault("pass");
    expect(lock).not.toBeNull();
  });

  it("a garbled reply ([{}]) is LockerFailed / ElectorFailed, never a win or a silent follower", async () => {
    faults.setFault("garble");
    try {
      const { locker } = restLocker();
      const lockError = await rejection(locker.lock("garbled@1", { ttlMs: 5_000 }));
      expect(lockError.code).toBe("LockerFailed");
      expect(lockError.message).toMatch(/unexpected reply shape \(HTTP 200\)/);
      const { redis } = env.proxy.newClient();
      const token = (redis as unknown as { client: { headers: Record<string, string> } }).client.headers.authorization?.slice(7) ?? "";
      const viaFaults = new Redis({ url: faults.url, token, enableTelemetry: false });
      const clientError = await rejection(new UpstashLocker({ redis: viaFaults }).lock("garbled@2", { ttlMs: 5_000 }));
      expect(clientError.message).toMatch(/could not take lock "isocron:lock:garbled@2"/);
      const electorError = await rejection(new UpstashElector({ redis: viaFaults, key: "hostile:garbled" }).isLeader());
      expect(electorError.code).toBe("ElectorFailed");
    } finally {
      faults.setFault("pass");
    }
  });

  it("a redirect is refused: the body (with the lock token) is never re-sent elsewhere", async () => {
    faults.setFault("redirect");
    try {
      const error = await rejection(restLocker().locker.lock("redirect@1", { ttlMs: 5_000 }));
      expect(error.code).toBe("LockerFailed");
      expect(error.message).toMatch(/refused a redirect \(HTTP 307\): isocron never follows one/);
      expect(elsewhereHits).toBe(0);
    } finally {
      faults.setFault("pass");
    }
  });

  it("a server that echoes the token (error body and unparsable body): no message, cause or stack holds it", async () => {
    faults.setFault("echo-token");
    try {
      const { token, locker } = restLocker();
      const error = await rejection(locker.lock("echo@1", { ttlMs: 5_000 }));
      expect(error.message).toMatch(/HTTP 401: rejected Bearer \*\*\* \(token \*\*\*\)/);
      expect(exposed(error)).not.toContain(token);
      // the @upstash/redis client path, told the token only so it can scrub it
      const viaFaults = new Redis({ url: faults.url, token, enableTelemetry: false, retry: false });
      const clientError = await rejection(new UpstashElector({ redis: viaFaults, token, key: "hostile:echo" }).isLeader());
      expect(exposed(clientError)).not.toContain(token);
      expect(exposed(clientError)).not.toMatch(TOKEN_SHAPE);
    } finally {
      faults.setFault("pass");
    }
  });

  it("a 1 MiB reply is refused after 64 KiB", async () => {
    faults.setFault("huge");
    try {
      const error = await rejection(restLocker().locker.lock("huge@1", { ttlMs: 5_000 }));
      expect(error.message).toMatch(/reply larger than 65536 bytes/);
    } finally {
      faults.setFault("pass");
    }
  });

  it("a 1 MiB error text reaches the message truncated, through either client", async () => {
    faults.setFault("huge-error");
    try {
      const { token, locker } = restLocker();
      const viaFaults = new Redis({ url: faults.url, token, enableTelemetry: false, retry: false });
      expect((await rejection(locker.lock("big@1", { ttlMs: 5_000 }))).message).toMatch(/reply larger than 65536 bytes/);
      const error = await rejection(new UpstashLocker({ redis: viaFaults }).lock("big@2", { ttlMs: 5_000 }));
      expect(error.message).toMatch(/UpstashError: ERR yyyy.*\.\.\.$/);
      expect(error.message.length).toBeLessThan(500);
    } finally {
      faults.setFault("pass");
    }
  });

  it("a hung request is cancelled at the timeout: its connection closes, none piles up", async () => {
    faults.setFault("hang");
    try {
      const { locker } = restLocker(300);
      const errors = await Promise.all([1, 2, 3].map((i) => rejection(locker.lock(`hang@${i}`, { ttlMs: 5_000 }))));
      for (const error of errors) expect(error.message).toMatch(/no answer within 300 ms/);
      await sleep(200);
      expect(faults.open()).toBe(0);
    } finally {
      faults.setFault("pass");
    }
  });

  it("a refused connection is named as such, not as 'no answer'", async () => {
    await faults.refuse(true);
    try {
      const started = Date.now();
      const error = await rejection(restLocker(3_000).locker.lock("refused@1", { ttlMs: 5_000 }));
      expect(error.message).toMatch(/fetch failed \(.*ECONNREFUSED/);
      expect(Date.now() - started).toBeLessThan(1_000);
      const slow = await rejection(new UpstashLocker({ url: faults.url, token: "x", timeoutMs: 60 }).lock("refused@2", { ttlMs: 5_000 }));
      expect(slow.message).toMatch(/no answer within 60 ms \(last error: .*ECONNREFUSED/);
    } finally {
      await faults.refuse(false);
    }
  });

  it("HTTP 500 is LockerFailed with the status", async () => {
    faults.setFault("http500");
    try {
      const error = await rejection(restLocker().locker.lock("500@1", { ttlMs: 5_000 }));
      expect(error.message).toMatch(/HTTP 500: Internal Server Error/);
    } finally {
      faults.setFault("pass");
    }
  });

  it("stop() of a leader against a hanging server returns within timeoutMs", async () => {
    const { token } = env.proxy.newClient();
    await env.proxy.direct.command(["SET", "hostile:stop:seen", "1"]);
    const elector = new UpstashElector({ url: faults.url, token, key: "hostile:stop", ttlMs: 3_000, timeoutMs: 400 });
    expect(await elector.isLeader()).toBe(true);
    faults.setFault("hang");
    try {
      const started = Date.now();
      const error = await rejection(elector.stop());
      expect(error.message).toMatch(/could not release lease "hostile:stop": no answer within 400 ms/);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      faults.setFault("pass");
    }
  });
});
