import { Redis } from "@upstash/redis";
// The same server users run as `npx isocron-upstash-dev`: one implementation of the protocol.
import { startUpstashDevServer } from "../../bin/isocron-upstash-dev.mjs";
import { RespClient } from "./redis-resp.ts";

/**
 * The Upstash REST API in front of a real redis-server (bin/isocron-upstash-dev.mjs), with test
 * hooks: each token is one "instance", commands are logged per token for cost tests, and a
 * token can be cut off (`error`: HTTP 503, `hang`: no answer until restored).
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

interface DevServer {
  url: string;
  stop(): Promise<void>;
}
type Gate = { status: number; body: unknown } | undefined;

export async function startUpstashProxy(redisPort: number): Promise<UpstashProxy> {
  const direct = await RespClient.connect(redisPort);
  const log = new Map<string, string[][]>();
  const down = new Map<string, "error" | "hang">();
  const hanging = new Set<() => void>();
  let tokens = 0;
  const server = (await startUpstashDevServer({
    port: 0,
    redis: `redis://127.0.0.1:${redisPort}`,
    authorize: (token: string) => log.has(token),
    async gate(token: string): Promise<Gate> {
      if (down.get(token) === "hang") await new Promise<void>((resolve) => hanging.add(resolve));
      return down.has(token) ? { status: 503, body: { error: "Service Unavailable" } } : undefined;
    },
    record: (token: string, commands: string[][]) => log.get(token)?.push(...commands),
  })) as DevServer;
  const release = () => {
    for (const resolve of hanging) resolve();
    hanging.clear();
  };
  return {
    url: server.url,
    direct,
    newClient(options = {}) {
      tokens += 1;
      const token = `proxy-token-${tokens}-${Math.random().toString(36).slice(2, 10)}`;
      log.set(token, []);
      const redis = new Redis({ url: server.url, token, enableTelemetry: false, ...(options.retry === false ? { retry: false } : {}) });
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
      await server.stop();
      direct.close();
    },
  };
}
