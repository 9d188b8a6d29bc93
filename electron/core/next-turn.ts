/** Resolves on the next turn of the event loop: long work yields with it so the core answers calls in between. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
