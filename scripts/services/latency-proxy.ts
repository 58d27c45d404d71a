import { createConnection, createServer, type Socket } from "node:net";
import { LOOPBACK } from "./ports.ts";

/**
 * A TCP proxy on loopback that delays every chunk in both directions: fault injection for
 * tests ("slow cache", "slow MongoDB") without touching the code under test.
 */
export async function startLatencyProxy(opts: { targetPort: number; delayMs: number }): Promise<{
  port: number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  const delayed = (from: Socket, to: Socket) => {
    from.on("data", (chunk) => {
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, opts.delayMs);
    });
    from.on("end", () => setTimeout(() => to.end(), opts.delayMs));
    from.on("error", () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: LOOPBACK, port: opts.targetPort });
    sockets.add(client).add(upstream);
    client.on("close", () => sockets.delete(client));
    upstream.on("close", () => sockets.delete(upstream));
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("latency proxy has no port");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
