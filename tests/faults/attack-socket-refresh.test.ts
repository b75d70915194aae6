import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createSocketIo, type Socket } from '../../src/realtime';
import { startSocketIoServer } from '../integration/socket-io-server';
import { kit, useOracle } from './helpers/oracle';
import { until } from './helpers/servers';

useOracle();

describe('socket.io: unauthorized handshakes share one refresh', () => {
  it('five sockets refused at once: one session.refresh, every socket back with the new token', async () => {
    let issued = 0;
    const server = await startSocketIoServer({
      rule: (token) => (token === 'new-1' ? 'ok' : 'unauthorized'),
      refreshAnswer: () => {
        issued += 1;
        return { token: `new-${issued}` };
      },
    });
    const sockets: Socket[] = [];
    try {
      const store = { token: 'old' };
      const http = kit({
        baseURL: server.url,
        retry: false,
        auth: {
          getToken: () => store.token,
          refresh: async () => {
            const { data } = await http.post<{ accessToken: string }>(
              '/auth/refresh',
              {},
              {
                withToken: false,
              },
            );
            store.token = data.accessToken;
            return data.accessToken;
          },
        },
      });
      for (let i = 0; i < 5; i++) {
        sockets.push(
          createSocketIo(server.url, {
            io,
            http,
            reconnect: { min: 10, max: 50 },
            ioOptions: { transports: ['websocket'] },
          }),
        );
      }
      await until(() => server.state.connections === 5, 'all five back', 5000);
      expect(server.state.refreshCalls).toBe(1);
      expect(server.state.handshakes.filter((t) => t === 'new-1')).toHaveLength(5);
    } finally {
      for (const socket of sockets) socket.close();
      await server.close();
    }
  });
});
