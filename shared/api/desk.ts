import { contract, type Area, type ArgsOf, type Contract, type OutputOf, type VerbOf } from './contract';
import type { DeskEventName, DeskEvents } from './events';
import type { Result } from './result';

/** The typed `desk` object the renderer talks to, wherever the core runs. */
export type DeskApi = {
  [A in Area]: { [V in VerbOf<A>]: (args: ArgsOf<A, V>) => Promise<Result<OutputOf<A, V>>> };
} & {
  on<E extends DeskEventName>(event: E, listener: (payload: DeskEvents[E]) => void): () => void;
};

/** Messages between a desk client and the core, over a MessagePort or a WebSocket. */
export type WireMessage =
  | { kind: 'call'; id: number; area: string; verb: string; args: unknown }
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; name: DeskEventName; payload: unknown };

export interface Transport {
  send(message: WireMessage): void;
  onMessage(listener: (message: WireMessage) => void): void;
}

/** Builds the `desk` object from the contract over any transport. */
export function createDeskClient(transport: Transport): DeskApi {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  transport.onMessage((message) => {
    if (message.kind === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.kind === 'event') {
      listeners.get(message.name)?.forEach((listener) => listener(message.payload));
    }
  });

  const api: Record<string, unknown> = {
    on(event: string, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  for (const area of Object.keys(contract) as Area[]) {
    const verbs: Record<string, (args: unknown) => Promise<Result<unknown>>> = {};
    for (const verb of Object.keys(contract[area])) {
      verbs[verb] = (args) =>
        new Promise((resolve) => {
          const id = nextId++;
          pending.set(id, resolve);
          transport.send({ kind: 'call', id, area, verb, args: args ?? {} });
        });
    }
    api[area] = verbs;
  }
  return api as DeskApi;
}

export type { Contract };
