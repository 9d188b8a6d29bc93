import { connect } from 'node:net';

/** The status code a server answers a raw request line with (fetch would normalise a path like `//a:b` first). */
export function rawStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let head = '';
    socket.on('data', (d) => (head += String(d)));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}
