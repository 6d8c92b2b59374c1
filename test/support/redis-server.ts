import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { RespClient } from "./redis-resp.ts";

export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? "/usr/bin/redis-server";

export interface RedisServer {
  port: number;
  /** A fresh RESP connection to this server; the caller closes it. */
  connect(): Promise<RespClient>;
  /** Stops the server and starts a fresh one on the same port: without persistence, every key is lost. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port (closed again at once; redis takes it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForPong(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${log()}`);
    try {
      const client = await RespClient.connect(port);
      const reply = await client.command(["PING"]);
      client.close();
      if (reply === "PONG") return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`redis-server did not answer PING on port ${port} within 15 s: ${log()}`);
}

/**
 * Starts a throwaway `redis-server` on a free loopback port, without persistence, and waits
 * until it answers PING. Always `stop()` it (afterAll).
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let current = await spawnRedis(port);
  return {
    port,
    connect: () => RespClient.connect(port),
    async restart() {
      await current.stop();
      current = await spawnRedis(port);
    },
    stop: () => current.stop(),
  };
}

async function spawnRedis(port: number): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    REDIS_SERVER_BIN,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForPong(port, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * A redis-server for one test file, a RESP connection to it, and whatever the tests open
 * against it (`closeLater`), all closed by `stop()`. No test-runner import, so vitest files
 * and `bun test` files alike call `beforeAll(redis.start)` and `afterAll(redis.stop)`.
 */
export function redisForFile() {
  let server: RedisServer | undefined;
  let direct: RespClient | undefined;
  const closers: Array<() => unknown> = [];
  return {
    async start(): Promise<void> {
      server = await startRedisServer();
      direct = await server.connect();
    },
    /** Closes what `closeLater` was given (last first), the RESP connection, then the server. */
    async stop(): Promise<void> {
      for (const close of closers.splice(0).reverse()) await Promise.resolve(close()).catch(() => undefined);
      direct?.close();
      await server?.stop();
    },
    get port(): number {
      if (!server) throw new Error("redis-server not started (use it inside a test)");
      return server.port;
    },
    get direct(): RespClient {
      if (!direct) throw new Error("redis-server not started (use it inside a test)");
      return direct;
    },
    closeLater(close: () => unknown): void {
      closers.push(close);
    },
  };
}
