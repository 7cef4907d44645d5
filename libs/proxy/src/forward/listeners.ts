import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server } from "node:net";

/** Opens a TCP listener; rejects with the listen error (EADDRINUSE, EADDRNOTAVAIL...). */
export function listenTcp(
  host: string,
  port: number,
  onConnection: Parameters<typeof createServer>[1],
): Promise<Server> {
  const server = createServer({ allowHalfOpen: true, noDelay: true }, onConnection);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Binds a UDP socket; rejects with the bind error. */
export function listenUdp(host: string, port: number): Promise<UdpSocket> {
  const socket = createSocket({ type: "udp4" });
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.off("error", reject);
      resolve(socket);
    });
  });
}

/** Stops accepting on a TCP listener; connections already accepted go on (drained, not cut). */
export function stopAccepting(server: Server): void {
  server.close();
}

/** Closes a UDP socket, ignoring one that is already closed. */
export function closeUdp(socket: UdpSocket): void {
  try {
    socket.close();
  } catch {
    // Closed already by an error.
  }
}
