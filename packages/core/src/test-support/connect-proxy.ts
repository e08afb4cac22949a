import { createServer } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

/** A running CONNECT proxy of {@link startConnectProxy}. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`, for HTTPS_PROXY / HTTP_PROXY. */
  url: string;
  /** The `host:port` of each tunnel asked for, in order (clear it between tests with `length = 0`). */
  tunnels: string[];
  /** Ends the tunnels (they leave the server's books once established) and closes the server. */
  close: () => Promise<void>;
}

/**
 * An HTTP CONNECT proxy on loopback that sends every tunnel, whatever host it names, to
 * 127.0.0.1:`upstreamPort` (the emulator): endpoints under `.invalid`, which never resolves
 * (RFC 6761), are then reachable through it alone. Listens on port 0 and keeps it until `close`, so
 * the port is never handed back while in use.
 */
export async function startConnectProxy(options: { upstreamPort: number }): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client, head) => {
    tunnels.push(req.url ?? "");
    const upstream = connect(options.upstreamPort, "127.0.0.1", () => {
      sockets.add(upstream).add(client as Socket);
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
