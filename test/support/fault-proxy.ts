import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * What the fault proxy does with one request:
 * - `pass`: forwards it and relays the answer.
 * - `hang`: never answers (until the proxy stops or the client gives up).
 * - `reset-before`: closes the connection without forwarding.
 * - `reset-after`: forwards it (Redis executes the command), then closes the connection
 *   instead of answering: the client never learns the outcome.
 * - `garble`: forwards it, then answers HTTP 200 with `[{}]` instead of the real reply.
 * - `http500`: answers HTTP 500 without forwarding.
 * - `redirect`: answers 307 to `redirectTo` (a client that follows re-sends the body there).
 * - `echo-token`: answers 401 with the request's Authorization header in the error body, and
 *   the bare token after it.
 * - `huge`: forwards nothing, answers 200 with a 1 MiB body.
 * - `huge-error`: forwards nothing, answers 400 with a 1 MiB `error` text.
 */
export type Fault = "pass" | "hang" | "reset-before" | "reset-after" | "garble" | "http500" | "redirect" | "echo-token" | "huge" | "huge-error";

export interface FaultProxy {
  readonly url: string;
  /** Sets the fault for every following request, or a function choosing per request. */
  setFault(fault: Fault | ((body: string) => Fault)): void;
  /** Closes the listening socket and every connection (new connections are refused), or listens again on the same port. */
  refuse(on: boolean): Promise<void>;
  /** How many requests met each fault. */
  readonly counts: Record<string, number>;
  /** Requests currently open (a hung request the client cancelled is no longer open). */
  open(): number;
  /** Requests held by `hang` that their client has not closed yet. */
  hung(): number;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** An HTTP proxy in front of `target` (an Upstash REST endpoint) that injects {@link Fault}s. */
export async function startFaultProxy(target: string, options: { redirectTo?: string } = {}): Promise<FaultProxy> {
  let choose: (body: string) => Fault = () => "pass";
  const counts: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let openRequests = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    openRequests += 1;
    res.on("close", () => {
      openRequests -= 1;
      hanging.delete(res);
    });
    const body = await readBody(req).catch(() => "");
    const fault = choose(body);
    counts[fault] = (counts[fault] ?? 0) + 1;
    const forward = () =>
      fetch(target + (req.url ?? "/"), {
        method: "POST",
        headers: Object.fromEntries(
          ["authorization", "content-type", "upstash-encoding"].flatMap((h) => (typeof req.headers[h] === "string" ? [[h, req.headers[h] as string]] : [])),
        ),
        body,
      });
    switch (fault) {
      case "hang":
        hanging.add(res);
        return;
      case "reset-before":
        req.socket.destroy();
        return;
      case "reset-after":
        await (await forward()).text().catch(() => undefined);
        req.socket.destroy();
        return;
      case "garble":
        await (await forward()).text().catch(() => undefined);
        res.writeHead(200, { "content-type": "application/json" }).end("[{}]");
        return;
      case "http500":
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: "Internal Server Error" }));
        return;
      case "redirect":
        res.writeHead(307, { location: `${options.redirectTo ?? "http://127.0.0.1:9"}${req.url ?? "/"}` }).end();
        return;
      case "echo-token": {
        const auth = req.headers.authorization ?? "";
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: `rejected ${auth} (token ${auth.replace(/^Bearer /, "")})` }));
        return;
      }
      case "huge":
        res.writeHead(200, { "content-type": "application/json" }).end(`{"result":"${"x".repeat(1 << 20)}"}`);
        return;
      case "huge-error":
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: `ERR ${"y".repeat(1 << 20)}` }));
        return;
      default: {
        const answer = await forward();
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" }).end(await answer.text());
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  const closeAll = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setFault(fault) {
      choose = typeof fault === "function" ? fault : () => fault;
    },
    async refuse(on) {
      if (on) await closeAll();
      else if (!server.listening) await listen(port);
    },
    open: () => openRequests,
    hung: () => hanging.size,
    stop: closeAll,
  };
}
