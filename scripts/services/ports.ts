import { createServer } from "node:net";

export const LOOPBACK = "127.0.0.1";

/**
 * Asks the kernel for a currently free loopback TCP port.
 *
 * The port is released before it is returned, so another process could grab it in
 * between; for short-lived local dev/test services that window is negligible, and it
 * lets us pass a concrete port to child processes that cannot report the one they
 * picked (redis-server, FerretDB).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host: LOOPBACK, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close((closeError) => {
        if (closeError) reject(closeError);
        else if (port > 0) resolve(port);
        else reject(new Error(`Could not determine a free port on ${LOOPBACK}`));
      });
    });
  });
}

/** Fails with a clear message when something already listens on the port we were asked to use. */
export function assertPortFree(port: number, hint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${port} on ${LOOPBACK} is already in use; ${hint}`) : error),
    );
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
