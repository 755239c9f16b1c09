import net from "node:net";
import { QUERY_TIMEOUT_MARGIN_MS, createPostgresPool } from "./db-postgres.server";
import { isDatabaseUnavailable } from "./db-errors.server";

/**
 * A "server" that lets the client log in (AuthenticationOk, ReadyForQuery) and then never answers
 * again: a network that silently drops packets, seen from the client.
 */
async function silentServer() {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => undefined);
    socket.once("data", () => {
      const authenticationOk = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
      const readyForQuery = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
      socket.write(Buffer.concat([authenticationOk, readyForQuery]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `postgresql://postgres@127.0.0.1:${(server.address() as net.AddressInfo).port}/none`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("the PostgreSQL pool", () => {
  it("stops waiting for an answer a little after the server's statement timeout", async () => {
    const pool = createPostgresPool({ url: "postgresql://postgres@127.0.0.1:1/none", max: 1, statementTimeoutMs: 30_000 });
    expect(pool.options.query_timeout).toBe(30_000 + QUERY_TIMEOUT_MARGIN_MS);
    await pool.end();
    const untimed = createPostgresPool({ url: "postgresql://postgres@127.0.0.1:1/none", max: 1, statementTimeoutMs: 0 });
    expect(untimed.options.query_timeout).toBeUndefined();
    await untimed.end();
  });

  it("gives up on a connection that goes silent, with an error counted as an outage, and drops it", async () => {
    const server = await silentServer();
    const pool = createPostgresPool({ url: server.url, max: 1, statementTimeoutMs: 100 });
    try {
      const started = Date.now();
      const error = await pool.query("SELECT 1").then(
        () => null,
        (e: unknown) => e,
      );
      expect((error as Error).message).toBe("Query read timeout");
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(100 + QUERY_TIMEOUT_MARGIN_MS + 2_000);
      expect(pool.totalCount).toBe(0); // the stuck connection is not handed out again
    } finally {
      await pool.end();
      await server.close();
    }
  });
});
