/**
 * A loopback server that speaks as much of Redis's protocol (RESP) as `processes` uses (PING,
 * GET, SET, INCR, DEL; anything else is answered +OK), and goes away after a given number of
 * commands: a Redis that dies in the middle of a run, on any machine, with no redis-server.
 */
import { createServer, type Socket } from 'node:net';

export interface FakeRedis {
  url: string;
  /** Commands received so far. */
  commands(): number;
  close(): Promise<void>;
}

/** Starts the server; after `limit` commands it drops every connection and stops listening. */
export function fakeRedis(limit: number): Promise<FakeRedis> {
  const store = new Map<string, string>();
  const sockets = new Set<Socket>();
  let commands = 0;
  const answer = ([name = '', ...args]: string[]): string => {
    switch (name.toUpperCase()) {
      case 'PING':
        return '+PONG\r\n';
      case 'GET': {
        const value = store.get(args[0] ?? '');
        return value === undefined ? '$-1\r\n' : `$${Buffer.byteLength(value)}\r\n${value}\r\n`;
      }
      case 'SET':
        store.set(args[0] ?? '', args[1] ?? '');
        return '+OK\r\n';
      case 'INCR': {
        const value = String(Number(store.get(args[0] ?? '') ?? 0) + 1);
        store.set(args[0] ?? '', value);
        return `:${value}\r\n`;
      }
      case 'DEL':
        return `:${args.filter((key) => store.delete(key)).length}\r\n`;
      default:
        return '+OK\r\n';
    }
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let command = parse(buffer); command !== undefined; command = parse(buffer)) {
        buffer = buffer.slice(command.length);
        if (++commands > limit) {
          for (const s of sockets) s.destroy();
          server.close();
          return;
        }
        socket.write(answer(command.args));
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({
        url: `redis://127.0.0.1:${port}`,
        commands: () => commands,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    }),
  );
}

/** One command (an array of bulk strings) at the start of `text`, or undefined if it is not all there. */
function parse(text: string): { args: string[]; length: number } | undefined {
  if (!text.startsWith('*')) return undefined;
  let at = text.indexOf('\r\n');
  if (at < 0) return undefined;
  const count = Number(text.slice(1, at));
  at += 2;
  const args: string[] = [];
  for (let i = 0; i < count; i++) {
    const end = text.indexOf('\r\n', at);
    if (end < 0) return undefined;
    const length = Number(text.slice(at + 1, end));
    if (text.length < end + 2 + length + 2) return undefined;
    args.push(text.slice(end + 2, end + 2 + length));
    at = end + 2 + length + 2;
  }
  return { args, length: at };
}
