// Direct Redis access for tests, over the RESP connection bin/isocron-upstash-dev.mjs uses:
// one implementation of the protocol.
import { RespError, redisConnection } from "../../bin/isocron-upstash-dev.mjs";

export { RespError };
export type RespValue = string | number | null | RespError | RespValue[];

interface Connection {
  batch(commands: string[][]): Promise<RespValue[]>;
  close(): Promise<void> | undefined;
}

/** One connection to a redis-server; an error reply resolves as a {@link RespError}. */
export class RespClient {
  readonly #connection: Connection;

  private constructor(connection: Connection) {
    this.#connection = connection;
  }

  /** Connects (and sends PING), so a server that is not there fails here, not at first use. */
  static async connect(port: number, host = "127.0.0.1"): Promise<RespClient> {
    const client = new RespClient(redisConnection(`redis://${host}:${port}`) as Connection);
    await client.command(["PING"]);
    return client;
  }

  /** Sends one command; resolves with its reply. */
  async command(args: string[]): Promise<RespValue> {
    const [reply] = await this.#connection.batch([args]);
    return reply as RespValue;
  }

  close(): void {
    void this.#connection.close();
  }
}
