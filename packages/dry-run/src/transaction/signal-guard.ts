const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type GuardedSignal = (typeof SIGNALS)[number];

/** Keeps SIGINT/SIGTERM from killing the process while a dry-run transaction is open. */
export interface SignalGuard {
  /** The signal received during the run, if any. */
  readonly received: GuardedSignal | null;
  /** Removes the handlers. Safe to call twice. */
  dispose(): void;
  /**
   * Removes the handlers, then sends the received signal again so the process gets the
   * behaviour it would have had without us (the default exit, or the embedder's own handler).
   */
  reraise(): void;
}

/**
 * Installs SIGINT/SIGTERM handlers for the duration of a run. The first signal calls `onSignal`
 * (the run stops after the running statement and rolls back); a second one gives up waiting and
 * re-raises at once: the server rolls back the transaction when the session ends anyway, only
 * the sequence restore is lost.
 */
export function installSignalGuard(onSignal: (signal: GuardedSignal) => void): SignalGuard {
  let received: GuardedSignal | null = null;
  let disposed = false;
  const handlers = new Map<GuardedSignal, () => void>();
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  const reraise = (): void => {
    dispose();
    if (received !== null) process.kill(process.pid, received);
  };
  for (const signal of SIGNALS) {
    const handler = (): void => {
      if (received !== null) {
        reraise();
        return;
      }
      received = signal;
      onSignal(signal);
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return {
    get received() {
      return received;
    },
    dispose,
    reraise,
  };
}
