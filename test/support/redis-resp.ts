import { connect, type Socket } from "node:net";

/** A Redis error reply (`-ERR ...`), returned as a value so callers can pass it through. */
export class RespError {
  constructor(readonly message: string) {}
}

export type RespValue = string | number | null | RespError | RespValue[];

const INCOMPLETE = Symbol("incomplete");
type Parsed = { value: RespValue; end: number } | typeof INCOMPLETE;

/** Parses one RESP2 reply starting at `at`, or says the buffer does not hold all of it yet. */
function parse(buf: Buffer, at: number): Parsed {
  const lineEnd = buf.indexOf("\r\n", at);
  if (lineEnd < 0) return INCOMPLETE;
  const type = String.fromCharCode(buf[at] ?? 0);
  const line = buf.toString("utf8", at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new RespError(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buf.length < next + length + 2) return INCOMPLETE;
      return { value: buf.toString("utf8", next, next + length), end: next + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let end = next;
      for (let i = 0; i < count; i += 1) {
        const item = parse(buf, end);
        if (item === INCOMPLETE) return INCOMPLETE;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

function encode(args: string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(""));
}

/**
 * A tiny RESP2 client over one TCP connection: commands are written as they come and replies
 * matched in order (Redis answers one connection's commands in order), so concurrent callers
 * pipeline naturally. Enough for the test proxy; not a product.
 */
export class RespClient {
  #socket: Socket;
  #buffer = Buffer.alloc(0);
  #waiting: Array<{ resolve(value: RespValue): void; reject(error: Error): void }> = [];
  #closed: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    const fail = (error: Error) => {
      this.#closed ??= error;
      for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("redis connection closed")));
  }

  static connect(port: number, host = "127.0.0.1"): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.setNoDelay(true);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new RespClient(socket));
      });
      socket.once("error", reject);
    });
  }

  /** Sends one command; resolves with its reply (an error reply resolves as a {@link RespError}). */
  command(args: string[]): Promise<RespValue> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#socket.write(encode(args));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    let at = 0;
    for (;;) {
      const parsed = parse(this.#buffer, at);
      if (parsed === INCOMPLETE) break;
      at = parsed.end;
      this.#waiting.shift()?.resolve(parsed.value);
    }
    this.#buffer = this.#buffer.subarray(at);
  }
}
