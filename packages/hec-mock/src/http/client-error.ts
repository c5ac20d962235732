import type { Duplex } from 'node:stream';

/**
 * How long a connection that sent an unparseable request is drained before it is closed:
 * long enough for the client to read the error answer, short enough that a hostile client
 * holds nothing.
 */
export const CLIENT_ERROR_LINGER_MS = 1_000;

/** The answers Node's HTTP server gives a request it cannot parse, by error code (its own texts). */
const ANSWERS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
};
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

/**
 * The same answer Node's default gives a request it cannot parse (431 for oversized headers,
 * 413, 408, else 400), but delivered: Node writes it and destroys the socket at once, and with
 * the client's bytes still unread the kernel resets the connection, which can discard the answer
 * before the client reads it (a 1 MiB header line got no 431 under load). Here the answer is
 * written with a half-close, what the client still sends is read and dropped, and the socket
 * is destroyed after CLIENT_ERROR_LINGER_MS at the latest.
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || (socket as Duplex & { bytesWritten?: number }).bytesWritten) {
    socket.destroy();
    return;
  }
  socket.end(ANSWERS[error.code ?? ''] ?? BAD_REQUEST);
  socket.on('error', () => {});
  socket.resume();
  setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
}
