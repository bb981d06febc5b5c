// A complete chat-completions tool loop over context-gateway's OpenAI tools, with plain fetch.
// Not run by the tests (it needs an OpenAI-compatible endpoint). Usage:
//
//   GATEWAY_URL=http://localhost:4000 GATEWAY_API_KEY=... \
//   OPENAI_API_KEY=sk-... OPENAI_MODEL=gpt-4o-mini \
//   node --import tsx examples/openai-tool-loop.ts c-1042 "Where could this customer go this summer?"
//
// OPENAI_BASE_URL points it at any compatible server (Ollama, vLLM: http://localhost:11434/v1).

const gatewayUrl = process.env.GATEWAY_URL ?? 'http://localhost:4000';
const gatewayKey = process.env.GATEWAY_API_KEY;
const openaiUrl = process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
const model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini';
const [customerId = 'c-1042', question = 'What should I know before answering this customer?'] = process.argv.slice(2);

type Message = { role: 'system' | 'user' | 'assistant' | 'tool'; content: string | null; tool_calls?: ToolCall[]; tool_call_id?: string };
type ToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

const gatewayHeaders = { 'content-type': 'application/json', ...(gatewayKey ? { authorization: `Bearer ${gatewayKey}` } : {}) };

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The gateway's tools, already in the shape `tools` takes (strict function definitions). */
const loadTools = () => fetch(`${gatewayUrl}/tools/openai.json`, { headers: gatewayHeaders }).then((r) => json<unknown[]>(r));

/** Runs one call on the gateway; a tool error comes back as text for the model, not as an exception. */
async function runTool(call: ToolCall): Promise<string> {
  const res = await fetch(`${gatewayUrl}/tools/call`, {
    method: 'POST',
    headers: gatewayHeaders,
    // `arguments` is the JSON string the model produced; the gateway parses and validates it.
    body: JSON.stringify({ name: call.function.name, arguments: call.function.arguments }),
  });
  const result = await json<{ isError: boolean; content: string }>(res);
  return result.isError ? `Tool error: ${result.content}` : result.content;
}

async function complete(messages: Message[], tools: unknown[]): Promise<Message> {
  const res = await fetch(`${openaiUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.OPENAI_API_KEY ?? ''}` },
    body: JSON.stringify({ model, messages, tools, tool_choice: 'auto', parallel_tool_calls: true }),
  });
  const body = await json<{ choices: { message: Message }[] }>(res);
  return body.choices[0]!.message;
}

async function main(): Promise<void> {
  const tools = await loadTools();
  const messages: Message[] = [
    { role: 'system', content: 'You are a helpful travel assistant. Use the tools to learn about the customer before answering; never invent facts or customer ids.' },
    { role: 'user', content: `Customer id: ${customerId}\n\n${question}` },
  ];
  for (let turn = 0; turn < 8; turn++) {
    const reply = await complete(messages, tools);
    messages.push(reply);
    if (!reply.tool_calls?.length) {
      process.stdout.write(`${reply.content ?? ''}\n`);
      return;
    }
    for (const call of reply.tool_calls) {
      process.stderr.write(`-> ${call.function.name}(${call.function.arguments})\n`);
      messages.push({ role: 'tool', tool_call_id: call.id, content: await runTool(call) });
    }
  }
  throw new Error('no answer after 8 turns');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
