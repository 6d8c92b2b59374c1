import { show } from "../../src/errors.ts";
import { CommandBackend } from "../shared/redis/backend.ts";
import type { CallContext } from "../shared/redis/call.ts";
import type { OptionChecks } from "../shared/redis/checks.ts";

/** node-redis (v4 and later): `await client.sendCommand(["EVAL", ...])`. */
export interface NodeRedisClient {
  sendCommand(args: string[]): Promise<unknown>;
}
/** A node-redis cluster (`createCluster`): routed by the first key. */
export interface NodeRedisCluster {
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
}
/** ioredis (`Redis` or `Cluster`): `await client.call("EVAL", ...)`. */
export interface IoRedisClient {
  call(command: string, ...args: string[]): Promise<unknown>;
}
/** Bun's built-in `RedisClient` (`import { RedisClient } from "bun"`): `await client.send("EVAL", [...])`. */
export interface BunRedisClient {
  send(command: string, args: string[]): Promise<unknown>;
}

/**
 * A Redis client the adapters can use, recognised by its shape (no Redis package is
 * imported): node-redis (`sendCommand`), ioredis (`call`) or Bun's `RedisClient` (`send`).
 */
export type RedisClient = NodeRedisClient | NodeRedisCluster | IoRedisClient | BunRedisClient;

/** Sends one raw command, e.g. `["EVALSHA", sha, "1", key, token]`, and resolves with its reply. */
export type SendCommand = (args: string[]) => Promise<unknown>;

/** How `RedisLocker` and `RedisElector` reach Redis: exactly one of these. */
export interface RedisConnection {
  /**
   * A connected node-redis client or cluster, an ioredis `Redis` or `Cluster`, or Bun's
   * `RedisClient`. Connect it first (node-redis needs `await client.connect()`); the adapter
   * never connects, closes or reconfigures it.
   */
  client?: RedisClient;
  /** Any other client: a function sending one raw command (`args[0]` is the command name). */
  send?: SendCommand;
}

export const CONNECTION_KEYS = ["client", "send"] as const;

/** Which raw-command method a client has; ioredis also has a `sendCommand` of its own, so `call` is asked first. */
function sender(client: unknown): SendCommand | undefined {
  if (client === null || (typeof client !== "object" && typeof client !== "function")) return undefined;
  const c = client as Record<string, unknown>;
  if (typeof c.call === "function") return (args) => (client as IoRedisClient).call(args[0] as string, ...args.slice(1));
  if (typeof c.sendCommand === "function") {
    // A node-redis cluster's sendCommand takes (firstKey, isReadonly, args): EVAL's first key is args[3].
    if ((c.sendCommand as (...a: unknown[]) => unknown).length >= 3) return (args) => (client as NodeRedisCluster).sendCommand(args[3], false, args);
    return (args) => (client as NodeRedisClient).sendCommand(args);
  }
  if (typeof c.send === "function") return (args) => (client as BunRedisClient).send(args[0] as string, args.slice(1));
  return undefined;
}

/** Validates the connection options and builds the backend: exactly one of `client` or `send`. */
export function checkConnection(o: Record<string, unknown>, checks: OptionChecks): TcpBackend {
  const owner = checks.owner;
  if (o.client !== undefined && o.send !== undefined) throw checks.invalid(`${owner} takes either client or send, not both`);
  if (o.send !== undefined) {
    if (typeof o.send !== "function") throw checks.invalid(`${owner} option send must be a function (args: string[]) => Promise<unknown>, got ${show(o.send)}`);
    return new TcpBackend(o.send as SendCommand);
  }
  if (o.client === undefined) throw checks.invalid(`${owner} needs client (node-redis, ioredis or Bun's RedisClient) or send`);
  const send = sender(o.client);
  if (!send) throw checks.invalid(`${owner} option client must be a node-redis, ioredis or Bun RedisClient (with sendCommand, call or send), got ${show(o.client)}`);
  return new TcpBackend(send);
}

/**
 * A backend over a TCP client's raw-command method. Such a command cannot be cancelled once
 * written to the socket: at the timeout (or an abort) the call is abandoned and its late
 * reply ignored. Every script is idempotent, so a late execution changes nothing that a
 * retry would not. Byte replies (a client set to return buffers) are read as UTF-8 text.
 */
export class TcpBackend extends CommandBackend {
  readonly secrets: readonly string[] = [];
  readonly #send: SendCommand;

  constructor(send: SendCommand) {
    super();
    this.#send = send;
  }

  protected isNoScript(error: unknown): boolean {
    return error instanceof Error && /^NOSCRIPT\b/.test(error.message);
  }

  async command(args: string[], context: CallContext): Promise<unknown> {
    if (context.signal.aborted) throw context.signal.reason;
    return text(await this.#send(args));
  }
}

const decoder = new TextDecoder();

function text(reply: unknown): unknown {
  if (reply instanceof Uint8Array) return decoder.decode(reply);
  return Array.isArray(reply) ? reply.map(text) : reply;
}
