import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP relay in front of a Redis port that can be shut like a gate, to cut one client off
 * (a network partition, a frozen process): while shut, bytes in both directions are held back
 * (commands hang, the connection stays up); opened again, they flow on in order.
 */
export interface TcpGate {
  readonly port: number;
  setOpen(open: boolean): void;
  stop(): Promise<void>;
}

export async function startTcpGate(targetPort: number): Promise<TcpGate> {
  let open = true;
  const pairs = new Set<{ flush(): void; destroy(): void }>();
  const server: Server = createServer((downstream: Socket) => {
    const upstream = connect(targetPort, "127.0.0.1");
    const held: Array<[Socket, Buffer]> = [];
    const relay = (to: Socket) => (chunk: Buffer) => {
      if (open && held.length === 0) to.write(chunk);
      else held.push([to, chunk]);
    };
    downstream.on("data", relay(upstream));
    upstream.on("data", relay(downstream));
    const pair = {
      flush: () => {
        for (const [to, chunk] of held.splice(0)) to.write(chunk);
      },
      destroy: () => {
        downstream.destroy();
        upstream.destroy();
      },
    };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      pair.destroy();
    };
    downstream.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    setOpen(next) {
      open = next;
      if (open) for (const pair of pairs) pair.flush();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) pair.destroy();
        server.close(() => resolve());
      }),
  };
}
