// The registry of loaded plugins: who owns which event type, and their GraphQL extensions.
import { PluginError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { EventTypeDefinition, PluginDefinition, PluginRuntime } from './types.ts';

export interface RegisteredType {
  type: string;
  source: string;
  customer: 'required' | 'optional' | 'none';
  payload: EventTypeDefinition['payload'];
  def: EventTypeDefinition<any, any>;
  plugin: LoadedPlugin;
}

/** A plugin in the gateway: its definition and its runtime (options, state from `setup`, logger). */
export interface LoadedPlugin extends PluginRuntime<any, unknown> {
  def: PluginDefinition<any, any>;
}

export interface EventTypeRegistry {
  get(type: string): RegisteredType | undefined;
}

export class PluginRegistry implements EventTypeRegistry {
  readonly plugins: LoadedPlugin[] = [];
  private readonly types = new Map<string, RegisteredType>();

  get(type: string): RegisteredType | undefined {
    return this.types.get(type);
  }

  /** Adds a plugin whose options are already validated; refuses clashes with a clear error. */
  add(def: PluginDefinition<any, any>, options: unknown, log: Logger): LoadedPlugin {
    if (this.plugins.some((p) => p.def.name === def.name)) {
      throw new PluginError(def.name, 'a plugin with this name is already loaded');
    }
    const loaded: LoadedPlugin = { name: def.name, def, options, state: undefined, log };
    for (const [type, typeDef] of Object.entries(def.eventTypes ?? {})) {
      const owner = this.types.get(type);
      if (owner) throw new PluginError(def.name, `event type "${type}" is already declared by "${owner.source}"`);
      this.types.set(type, {
        type,
        source: def.name,
        customer: typeDef.customer ?? 'required',
        payload: typeDef.payload,
        def: typeDef,
        plugin: loaded,
      });
    }
    this.plugins.push(loaded);
    return loaded;
  }

  byName(name: string): LoadedPlugin | undefined {
    return this.plugins.find((p) => p.def.name === name);
  }
}
