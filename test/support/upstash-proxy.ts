import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { Redis } from "@upstash/redis";
import { RespClient, RespError, type RespValue } from "./redis-resp.ts";

/**
 * A small Upstash-REST-compatible proxy in front of a real redis-server, so the unmodified
 * `@upstash/redis` client can be tested offline. It speaks what that client uses:
 * `POST /` (one command as a JSON array), `POST /pipeline` and `POST /multi-exec` (arrays of
 * commands), `Authorization: Bearer <token>` (401 otherwise), `{ result }` / `{ error }` bodies
 * (HTTP 400 for a failed single command, per entry inside a 200 for pipelines) and
 * `Upstash-Encoding: base64` (every string in a result, nested too, base64; numbers and null
 * as they are). Each token is one "instance": commands are logged per token for cost tests,
 * and a token can be cut off (`error`: HTTP 503, `hang`: no answer until restored).
 */
export interface UpstashProxy {
  readonly url: string;
  /** Registers a new token (one instance) and returns an unmodified client using it. */
  newClient(options?: { retry?: false }): { token: string; redis: Redis };
  /** Every command executed for `token`, in order, as sent to Redis. */
  commandsOf(token: string): string[][];
  /** Cuts `token` off (`"error"` answers 503, `"hang"` never answers) or restores it (`false`). */
  setDown(token: string, mode: false | "error" | "hang"): void;
  /** A direct connection to the Redis behind the proxy (for assertions and test hooks). */
  readonly direct: RespClient;
  stop(): Promise<void>;
}

type Command = string[];

const toBase64 = (value: unknown): unknown =>
  typeof value === "string" ? Buffer.from(value, "utf8").toString("base64") : Array.isArray(value) ? value.map(toBase64) : value;

/** Upstash sends numbers as JSON numbers; Redis wants every argument as a string. */
function toCommand(raw: unknown): Command | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.map((arg) => (typeof arg === "string" ? arg : typeof arg === "object" ? JSON.stringify(arg) : String(arg)));
}

function entry(value: RespValue): { result: unknown } | { error: string } {
  if (value instanceof RespError) return { error: value.message };
  if (Array.isArray(value)) {
    const nested = value.find((item) => item instanceof RespError);
    if (nested instanceof RespError) return { error: nested.message };
  }
  return { result: value };
}

export async function startUpstashProxy(redisPort: number): Promise<UpstashProxy> {
  const direct = await RespClient.connect(redisPort);
  const backend = await RespClient.connect(redisPort);
  const log = new Map<string, string[][]>();
  const down = new Map<string, "error" | "hang">();
  const hanging = new Set<() => void>();
  let tokens = 0;

  const encode = (c: Context, body: unknown) => {
    if (c.req.header("upstash-encoding")?.toLowerCase() !== "base64") return body;
    const encodeEntry = (e: { result?: unknown; error?: string }) => ("result" in e ? { result: toBase64(e.result) } : e);
    return Array.isArray(body) ? body.map(encodeEntry) : encodeEntry(body as { result?: unknown });
  };

  const app = new Hono();
  app.use("*", async (c, next) => {
    const token = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (token === undefined || !log.has(token)) return c.json({ error: "Unauthorized" }, 401);
    const mode = down.get(token);
    if (mode === "hang") await new Promise<void>((resolve) => hanging.add(resolve));
    if (mode !== undefined) return c.json({ error: "Service Unavailable" }, 503);
    c.set("token" as never, token as never);
    return next();
  });
  const parse = async (c: Context): Promise<unknown> => {
    try {
      return await c.req.json();
    } catch {
      return undefined;
    }
  };
  const record = (c: Context, commands: Command[]) => {
    log.get(c.get("token" as never) as string)?.push(...commands);
  };

  app.post("/", async (c) => {
    const command = toCommand(await parse(c));
    if (!command) return c.json({ error: "ERR failed to parse command" }, 400);
    record(c, [command]);
    const result = entry(await backend.command(command));
    return c.json(encode(c, result), "error" in result ? 400 : 200);
  });

  app.post("/pipeline", async (c) => {
    const body = await parse(c);
    const commands = Array.isArray(body) ? body.map(toCommand) : [];
    if (commands.length === 0 || commands.some((cmd) => cmd === undefined)) return c.json({ error: "ERR failed to parse pipeline" }, 400);
    record(c, commands as Command[]);
    const replies = await Promise.all((commands as Command[]).map((cmd) => backend.command(cmd)));
    return c.json(encode(c, replies.map(entry)));
  });

  app.post("/multi-exec", async (c) => {
    const body = await parse(c);
    const commands = Array.isArray(body) ? body.map(toCommand) : [];
    if (commands.length === 0 || commands.some((cmd) => cmd === undefined)) return c.json({ error: "ERR failed to parse transaction" }, 400);
    record(c, commands as Command[]);
    // Written in one synchronous burst, so no other request's command lands inside MULTI/EXEC.
    const queued = [["MULTI"], ...(commands as Command[]), ["EXEC"]].map((cmd) => backend.command(cmd));
    const replies = await Promise.all(queued);
    const exec = replies[replies.length - 1];
    if (!Array.isArray(exec)) return c.json({ error: exec instanceof RespError ? exec.message : "ERR transaction failed" }, 400);
    return c.json(encode(c, exec.map((value) => (value instanceof RespError ? { error: value.message } : { result: value }))));
  });

  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ server: s as Server, port: info.port }),
    );
  });
  const url = `http://127.0.0.1:${port}`;
  const release = () => {
    for (const resolve of hanging) resolve();
    hanging.clear();
  };

  return {
    url,
    direct,
    newClient(options = {}) {
      tokens += 1;
      const token = `proxy-token-${tokens}-${Math.random().toString(36).slice(2, 10)}`;
      log.set(token, []);
      const redis = new Redis({ url, token, enableTelemetry: false, ...(options.retry === false ? { retry: false } : {}) });
      return { token, redis };
    },
    commandsOf: (token) => log.get(token) ?? [],
    setDown(token, mode) {
      if (mode === false) down.delete(token);
      else down.set(token, mode);
      if (mode !== "hang") release();
    },
    async stop() {
      release();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      direct.close();
      backend.close();
    },
  };
}
