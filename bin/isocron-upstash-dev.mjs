#!/usr/bin/env node
/**
 * isocron-upstash-dev: the Upstash Redis REST API on your laptop, in front of a running
 * redis-server, so `new Redis({ url, token })` from @upstash/redis (or isocron's Upstash
 * adapters) work offline. Node built-ins only; one file, shipped with isocron.
 *
 *   npx isocron-upstash-dev [--port 8079] [--host 127.0.0.1] [--redis redis://127.0.0.1:6379] [--token T] [--allow-remote]
 *
 * Speaks what the client uses: POST / (one command as a JSON array), POST /pipeline and
 * POST /multi-exec (arrays of commands), Authorization: Bearer <token> (401 otherwise),
 * { result } / { error } replies (HTTP 400 for a failed single command, per entry for
 * pipelines), Upstash-Encoding: base64. A development tool, not a production server.
 */
import { randomBytes } from "node:crypto";
import { realpathSync } from "node:fs";
import { createServer } from "node:http";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";

const MAX_BODY = 10 * 1024 * 1024;

/** A Redis error reply, kept as a value. */
export class RespError {
  constructor(message) {
    this.message = message;
  }
}

/** Parses one RESP2 reply at `at`; `undefined` when the buffer does not hold all of it yet. */
function parse(buf, at) {
  const lineEnd = buf.indexOf("\r\n", at);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString("utf8", at + 1, lineEnd);
  const next = lineEnd + 2;
  if (type === "+") return { value: line, end: next };
  if (type === "-") return { value: new RespError(line), end: next };
  if (type === ":") return { value: Number(line), end: next };
  if (type === "$") {
    const length = Number(line);
    if (length < 0) return { value: null, end: next };
    if (buf.length < next + length + 2) return undefined;
    return { value: buf.toString("utf8", next, next + length), end: next + length + 2 };
  }
  if (type === "*") {
    const count = Number(line);
    if (count < 0) return { value: null, end: next };
    const items = [];
    let end = next;
    for (let i = 0; i < count; i += 1) {
      const item = parse(buf, end);
      if (item === undefined) return undefined;
      items.push(item.value);
      end = item.end;
    }
    return { value: items, end };
  }
  throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
}

const encode = (args) => Buffer.from(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`);

/**
 * One RESP connection, opened on first use and again after it breaks (a restarted Redis):
 * commands written in one call go out in one burst, replies are matched in order.
 */
export function redisConnection(redisUrl) {
  const url = new URL(redisUrl);
  const setup = [];
  if (url.password) setup.push(url.username ? ["AUTH", decodeURIComponent(url.username), decodeURIComponent(url.password)] : ["AUTH", decodeURIComponent(url.password)]);
  if (url.pathname.length > 1) setup.push(["SELECT", url.pathname.slice(1)]);
  let current; // a promise of the open connection
  let live; // that connection, once open
  const open = () =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname || "127.0.0.1", port: Number(url.port || 6379) });
      socket.setNoDelay(true);
      const waiting = [];
      let buffer = Buffer.alloc(0);
      const conn = { socket, waiting, broken: false };
      const fail = (error) => {
        conn.broken = true;
        for (const w of waiting.splice(0)) w.reject(error);
      };
      socket.on("data", (chunk) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        let at = 0;
        try {
          for (let parsed = parse(buffer, at); parsed !== undefined; parsed = parse(buffer, at)) {
            at = parsed.end;
            waiting.shift()?.resolve(parsed.value);
          }
        } catch (error) {
          socket.destroy(error); // not Redis speaking: drop the connection, the next batch reconnects
          return;
        }
        buffer = buffer.subarray(at);
      });
      socket.on("error", fail);
      socket.on("close", () => fail(new Error("redis connection closed")));
      socket.once("connect", () => resolve(conn));
      socket.once("error", reject);
    });
  const send = (conn, commands) => {
    if (conn.broken) return Promise.reject(new Error("redis connection closed"));
    const replies = commands.map(() => new Promise((resolve, reject) => conn.waiting.push({ resolve, reject })));
    conn.socket.write(Buffer.concat(commands.map(encode)));
    return Promise.all(replies);
  };
  return {
    /** Sends `commands` in one burst on one connection; resolves with their replies. */
    async batch(commands) {
      if (!current || live?.broken) {
        live = undefined;
        const attempt = open().then(async (conn) => {
          live = conn;
          const replies = setup.length ? await send(conn, setup) : [];
          const failed = replies.find((r) => r instanceof RespError);
          if (failed) throw new Error(failed.message);
          return conn;
        });
        current = attempt;
        attempt.catch(() => {
          if (current === attempt) current = undefined;
        });
      }
      return send(await current, commands);
    },
    close: () => current?.then((c) => c.socket.destroy(), () => undefined),
  };
}

const toBase64 = (v) => (typeof v === "string" ? Buffer.from(v, "utf8").toString("base64") : Array.isArray(v) ? v.map(toBase64) : v);
const toCommand = (raw) =>
  Array.isArray(raw) && raw.length > 0 ? raw.map((a) => (typeof a === "string" ? a : typeof a === "object" ? JSON.stringify(a) : String(a))) : undefined;
function entry(value) {
  if (value instanceof RespError) return { error: value.message };
  const nested = Array.isArray(value) ? value.find((v) => v instanceof RespError) : undefined;
  return nested ? { error: nested.message } : { result: value };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * Starts the server. Options: `port` (0 = any), `host` (loopback unless `allowRemote`),
 * `redis` (URL), `token`, and for tests `authorize(token)`, `gate(token)` (may return
 * `{ status, body }` to answer instead, or a promise to wait on) and `record(token, commands)`.
 */
export async function startUpstashDevServer(options = {}) {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.test(host) && !options.allowRemote) throw new Error(`refusing to listen on ${host}: the REST API would be reachable from other machines (pass --allow-remote)`);
  const token = options.token ?? randomBytes(24).toString("base64url");
  const authorize = options.authorize ?? ((t) => t === token);
  const redis = redisConnection(options.redis ?? "redis://127.0.0.1:6379");
  const json = (res, status, body) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  const handle = async (req, res) => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (bearer === undefined || !authorize(bearer)) return json(res, 401, { error: "Unauthorized" });
    const gated = await options.gate?.(bearer);
    if (gated) return json(res, gated.status, gated.body);
    if (req.method !== "POST") return json(res, 405, { error: "ERR only POST is supported" });
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > MAX_BODY) return json(res, 413, { error: "ERR request too large" });
      chunks.push(chunk);
    }
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      body = undefined;
    }
    const base64 = req.headers["upstash-encoding"]?.toLowerCase() === "base64";
    const out = (e) => (base64 && "result" in e ? { result: toBase64(e.result) } : e);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") {
      const command = toCommand(body);
      if (!command) return json(res, 400, { error: "ERR failed to parse command" });
      options.record?.(bearer, [command]);
      const [reply] = await redis.batch([command]);
      const e = entry(reply);
      return json(res, "error" in e ? 400 : 200, out(e));
    }
    if (path !== "/pipeline" && path !== "/multi-exec") return json(res, 404, { error: "ERR unknown endpoint" });
    const commands = Array.isArray(body) ? body.map(toCommand) : [];
    if (commands.length === 0 || commands.some((c) => c === undefined)) return json(res, 400, { error: "ERR failed to parse pipeline" });
    options.record?.(bearer, commands);
    if (path === "/pipeline") return json(res, 200, (await redis.batch(commands)).map((r) => out(entry(r))));
    const replies = await redis.batch([["MULTI"], ...commands, ["EXEC"]]); // one burst: nothing lands in between
    const exec = replies[replies.length - 1];
    if (!Array.isArray(exec)) return json(res, 400, { error: exec instanceof RespError ? exec.message : "ERR transaction failed" });
    return json(res, 200, exec.map((v) => (v instanceof RespError ? { error: v.message } : out({ result: v }))));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) json(res, 500, { error: `ERR redis unavailable: ${error.message}` });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8079, host, resolve);
  });
  const address = server.address();
  const shownHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    token,
    port: address.port,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await redis.close();
    },
  };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--port") options.port = Number(value());
    else if (flag === "--host") options.host = value();
    else if (flag === "--redis") options.redis = value();
    else if (flag === "--token") options.token = value();
    else if (flag === "--allow-remote") options.allowRemote = true;
    else if (flag === "--help" || flag === "-h") options.help = true;
    else throw new Error(`unknown option ${flag} (try --help)`);
  }
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 0 && options.port < 65536)) throw new Error("--port must be 0-65535");
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`isocron-upstash-dev: ${error.message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log("usage: isocron-upstash-dev [--port 8079] [--host 127.0.0.1] [--redis redis://127.0.0.1:6379] [--token T] [--allow-remote]");
    return;
  }
  const server = await startUpstashDevServer(options).catch((error) => {
    console.error(`isocron-upstash-dev: ${error.message}`);
    process.exit(1);
  });
  console.log(`isocron-upstash-dev: the Upstash REST API on ${server.url}, in front of ${options.redis ?? "redis://127.0.0.1:6379"}`);
  console.log(`UPSTASH_REDIS_REST_URL=${server.url}`);
  console.log(`UPSTASH_REDIS_REST_TOKEN=${server.token}`);
  const quit = () => server.stop().then(() => process.exit(0));
  process.once("SIGINT", quit);
  process.once("SIGTERM", quit);
}

const invoked = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (invoked === fileURLToPath(import.meta.url)) await main();
