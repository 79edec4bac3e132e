import type { Command } from '../src/app/protocol';

type Handler<T extends Command['type']> = (cmd: Extract<Command, { type: T }>) => Promise<void> | void;

/** Hands each page command to the feature that registered for its type. */
export class Router {
  private readonly routes = new Map<string, (cmd: Command) => Promise<void> | void>();

  on<T extends Command['type']>(types: readonly T[], handle: Handler<T>): void {
    for (const type of types) {
      if (this.routes.has(type)) throw new Error(`two handlers for the command '${type}'`);
      this.routes.set(type, handle as (cmd: Command) => Promise<void> | void);
    }
  }

  async dispatch(cmd: Command): Promise<void> {
    const handle = this.routes.get(cmd.type);
    if (!handle) throw new Error(`no handler for the command '${cmd.type}'`);
    await handle(cmd);
  }
}
