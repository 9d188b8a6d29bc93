import { contextBridge, ipcRenderer } from 'electron';
import { createDeskClient, type DeskApi, type Transport, type WireMessage } from '../../shared/api/desk';

/**
 * Sandboxed preload: the page gets `window.desk` and nothing else (no ipcRenderer, no generic
 * invoke, no process). Calls made before main hands over the core's MessagePort are queued.
 */

let port: MessagePort | null = null;
const queued: WireMessage[] = [];
const listeners: Array<(message: WireMessage) => void> = [];

const transport: Transport = {
  send(message) {
    if (port) port.postMessage(message);
    else queued.push(message);
  },
  onMessage(listener) {
    listeners.push(listener);
  },
};

ipcRenderer.on('desk:port', (event) => {
  const next = event.ports[0];
  if (!next) return;
  port?.close();
  port = next;
  // Assigning onmessage also starts the port.
  port.onmessage = (message: MessageEvent<WireMessage>) => {
    for (const listener of listeners) listener(message.data);
  };
  for (const message of queued.splice(0)) port.postMessage(message);
});

const desk = createDeskClient(transport) satisfies DeskApi;

contextBridge.exposeInMainWorld('desk', desk);
