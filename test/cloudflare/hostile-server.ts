// A real HTTP server in this process that plays a broken or malicious Worker, for the
// elector's and locker's network hardening tests.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/**
 * - `lease`: answers like the Worker's lease routes, always granting (fence 1, 2, ...).
 * - `hang`: accepts the request and never answers.
 * - `gate`: holds requests until `openGate()`, then answers them as `lease`.
 * - `redirect`: answers 307 (or `redirectStatus`) to `redirectTo`.
 * - `stall-body`: sends 200 headers, then no body.
 * - `endless`: streams 200 with an endless body (no Content-Length), honouring backpressure.
 * - `declared-huge`: declares a 256 MB Content-Length, sends 1 KB, then waits.
 */
export type Mode = "lease" | "hang" | "gate" | "redirect" | "stall-body" | "endless" | "declared-huge";

export interface HostileServer {
  readonly url: string;
  mode: Mode;
  redirectTo: string;
  redirectStatus: number;
  /** Requests received so far (every mode). */
  readonly received: number;
  /** Requests whose connection is still open (not answered nor closed by the client). */
  readonly open: number;
  /** Body bytes written by `endless` so far. */
  readonly bytesSent: number;
  /** Parsed JSON bodies of the requests, in order. */
  readonly bodies: unknown[];
  openGate(): void;
  close(): Promise<void>;
}

export async function hostileServer(initial: Mode): Promise<HostileServer> {
  let received = 0;
  let open = 0;
  let bytesSent = 0;
  let fence = 0;
  const bodies: unknown[] = [];
  const held: Array<{ res: ServerResponse; body: Record<string, unknown> }> = [];
  const answer = (res: ServerResponse, body: Record<string, unknown>, path: string): void => {
    const value = path.endsWith("/release") ? true : { held: true, remainingMs: Number(body.ttlMs), fence: ++fence };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));
  };
  const state = {
    mode: initial,
    redirectTo: "",
    redirectStatus: 307,
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    received++;
    open++;
    res.on("close", () => open--);
    let text = "";
    for await (const chunk of req) text += String(chunk);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: recorded as {}
    }
    bodies.push(body);
    const path = req.url ?? "/";
    switch (state.mode) {
      case "lease":
        return answer(res, body, path);
      case "hang":
        return;
      case "gate":
        held.push({ res, body: { ...body, path } });
        return;
      case "redirect":
        res.writeHead(state.redirectStatus, { location: `${state.redirectTo}${path}` }).end();
        return;
      case "stall-body":
        res.writeHead(200, { "content-type": "application/json" });
        res.flushHeaders();
        return;
      case "declared-huge":
        res.writeHead(200, { "content-type": "application/json", "content-length": String(256 * 1024 * 1024) });
        res.write("x".repeat(1024));
        return;
      case "endless": {
        res.writeHead(200, { "content-type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let wake = (): void => undefined;
        res.on("close", () => wake());
        while (!res.destroyed) {
          bytesSent += chunk.length;
          if (!res.write(chunk)) await new Promise<void>((resolve) => { wake = resolve; res.once("drain", resolve); });
        }
        return;
      }
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() { return state.mode; },
    set mode(value: Mode) { state.mode = value; },
    get redirectTo() { return state.redirectTo; },
    set redirectTo(value: string) { state.redirectTo = value; },
    get redirectStatus() { return state.redirectStatus; },
    set redirectStatus(value: number) { state.redirectStatus = value; },
    get received() { return received; },
    get open() { return open; },
    get bytesSent() { return bytesSent; },
    bodies,
    openGate() {
      state.mode = "lease";
      for (const { res, body } of held.splice(0)) answer(res, body, String(body.path));
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL where nothing listens: connections are refused. */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Polls `condition` on real time (for real I/O between fake-clock steps); throws after `ms`. */
export async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A `server(mode)` for one test file: every server it starts is closed after each test. */
export function hostileServers(): (mode: Mode) => Promise<HostileServer> {
  const open: HostileServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (mode) => {
    const s = await hostileServer(mode);
    open.push(s);
    return s;
  };
}
