import { createDeskClient, type DeskApi, type Transport, type WireMessage } from '../../../shared/api/desk';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser harness. */
    desk?: DeskApi;
  }
}

/** The browser harness: the same desk API over a WebSocket, authorised by the token in the page URL. */
function webSocketTransport(url: string): Transport {
  const socket = new WebSocket(url);
  const queue: WireMessage[] = [];
  const listeners: ((m: WireMessage) => void)[] = [];
  socket.addEventListener('open', () => queue.splice(0).forEach((m) => socket.send(JSON.stringify(m))));
  socket.addEventListener('message', (e) => {
    const message = JSON.parse(String(e.data)) as WireMessage;
    listeners.forEach((l) => l(message));
  });
  socket.addEventListener('close', () => {
    // Answer every open call so no screen waits forever.
    listeners.forEach((l) => pendingIds.forEach((id) => l({ kind: 'result', id, result: { ok: false, error: { code: 'offline', message: 'The desk core closed the connection' } } })));
  });
  const pendingIds = new Set<number>();
  return {
    send(message) {
      if (message.kind === 'call') pendingIds.add(message.id);
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      else queue.push(message);
    },
    onMessage(listener) {
      listeners.push((m) => {
        if (m.kind === 'result') pendingIds.delete(m.id);
        listener(m);
      });
    },
  };
}

export function connectDesk(): DeskApi {
  if (window.desk) return window.desk;
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const wsUrl = `ws://${location.host}/desk?token=${encodeURIComponent(token)}`;
  return createDeskClient(webSocketTransport(wsUrl));
}

export const desk: DeskApi = connectDesk();
