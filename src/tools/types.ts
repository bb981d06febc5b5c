// What a tool is, for every front door (MCP over stdio and HTTP, OpenAI function calling):
// a strict zod input schema and a run function that executes GraphQL with the caller's context.
import type { DocumentNode } from 'graphql';
import type { z } from 'zod';
import type { Scope } from '../server/services.ts';

/** Executes a GraphQL operation against the gateway's schema as the caller; returns `data` or throws a ToolError. */
export type Execute = (document: DocumentNode, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** What a tool answers: text for the model, and the same as structured data. */
export interface ToolOutput {
  text: string[];
  data: Record<string, unknown>;
}

export interface ToolDefinition {
  /** Matches ^[a-zA-Z0-9_-]{1,64}$ (OpenAI's rule; MCP accepts it too). */
  name: string;
  title: string;
  /** Written for an LLM: when to call it, what it returns. */
  description: string;
  /** Strict: unknown properties are refused. Its JSON Schema is what agents see. */
  input: z.ZodObject;
  /** Hidden from, and refused to, keys without it (resolvers check it again). */
  scope: Scope;
  /** Where it came from: "core" or the plugin's name. */
  source: string;
  run(args: Record<string, unknown>, execute: Execute): Promise<ToolOutput>;
}

/** A failure the caller should see as a tool error (`isError: true`), with a message meant for an LLM. */
export class ToolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

export interface ToolResult {
  isError: boolean;
  text: string[];
  data?: Record<string, unknown>;
}

export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
