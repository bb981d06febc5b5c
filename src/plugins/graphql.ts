// Catches GraphQL conflicts per plugin, so the error names the plugin: SDL syntax, a type or field
// another plugin (or the core) already declares, resolvers for fields it does not own, and
// anything else the schema build refuses.
import { Kind, parse, type DefinitionNode, type DocumentNode } from 'graphql';
import { PluginError } from '../errors.ts';
import { createSchema, type SchemaExtension } from '../schema/index.ts';
import { coreTypeDefs } from '../schema/typeDefs.ts';
import { pluginExtension } from './lifecycle.ts';
import type { LoadedPlugin } from './registry.ts';

type Owners = Map<string, string>;

const describeOwner = (owner: string): string => (owner === 'core' ? 'the core schema' : `plugin "${owner}"`);

function claim(owners: Owners, key: string, plugin: string, what: string): void {
  const owner = owners.get(key);
  if (owner !== undefined && owner !== plugin) throw new PluginError(plugin, `GraphQL ${what} ${key} is already declared by ${describeOwner(owner)}`);
  owners.set(key, plugin);
}

function claimDefinition(owners: Owners, def: DefinitionNode, plugin: string): void {
  if (!('name' in def) || !def.name) return;
  const type = def.name.value;
  const isExtension = def.kind.endsWith('Extension');
  if (!isExtension) claim(owners, type, plugin, def.kind === Kind.DIRECTIVE_DEFINITION ? 'directive' : 'type');
  const members = 'fields' in def && def.fields ? def.fields : 'values' in def && def.values ? def.values : [];
  for (const m of members) claim(owners, `${type}.${m.name.value}`, plugin, 'field');
}

function parseSdl(sdl: string, plugin: string): DocumentNode {
  try {
    return parse(sdl);
  } catch (err) {
    throw new PluginError(plugin, `typeDefs: ${(err as Error).message}`);
  }
}

/** A plugin resolves only what it declares: overriding a core or another plugin's field is a conflict. */
function checkResolverOwnership(owners: Owners, p: LoadedPlugin): void {
  for (const [type, fields] of Object.entries(p.def.resolvers ?? {})) {
    const isFieldMap = typeof fields === 'object' && fields !== null && fields.constructor === Object;
    const keys = isFieldMap ? Object.keys(fields).filter((f) => !f.startsWith('__')).map((f) => `${type}.${f}`) : [];
    // A scalar, or a map of only __resolveType/__isTypeOf, is owned with its type.
    for (const key of keys.length ? keys : [type]) {
      const owner = owners.get(key);
      if (owner === undefined) throw new PluginError(p.name, `resolvers: ${key} is not declared in any typeDefs`);
      if (owner !== p.name) throw new PluginError(p.name, `resolvers: ${key} belongs to ${describeOwner(owner)}; a plugin resolves only the fields its own typeDefs declare`);
    }
  }
}

/** Throws a PluginError naming the first plugin whose GraphQL extension conflicts. */
export function checkPluginGraphQL(plugins: readonly LoadedPlugin[]): void {
  const owners: Owners = new Map();
  for (const def of parse(coreTypeDefs).definitions) claimDefinition(owners, def, 'core');
  const accepted: SchemaExtension[] = [];
  for (const p of plugins) {
    if (!p.def.typeDefs && !p.def.resolvers) continue;
    if (p.def.typeDefs) for (const def of parseSdl(p.def.typeDefs, p.name).definitions) claimDefinition(owners, def, p.name);
    checkResolverOwnership(owners, p);
    const ext = pluginExtension(p);
    try {
      createSchema([...accepted, ext]);
    } catch (err) {
      throw new PluginError(p.name, `GraphQL: ${(err as Error).message}`);
    }
    accepted.push(ext);
  }
}
