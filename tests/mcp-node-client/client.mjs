// Drives an MCP server with the official TypeScript SDK's client and prints what it saw as one JSON object on
// stdout; the .NET tests (McpTypeScriptClientTests) assert on it. It asserts nothing itself: every step's result or
// error is recorded, so a failing test shows exactly what the client got.
//
//   node client.mjs http URL            streamable HTTP; the key in ENGRAM_MCP_KEY (sent as x-api-key)
//   node client.mjs stdio -- CMD ARGS   stdio; spawns CMD ARGS with this process's environment
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';

const [mode, ...rest] = process.argv.slice(2);
const report = { mode, steps: {}, clientErrors: [], httpExchanges: [] };
const pending = [];

function transportFor() {
  if (mode === 'http') {
    const url = new URL(rest[0]);
    const key = process.env.ENGRAM_MCP_KEY ?? '';
    // Every exchange of the SDK's transport but its POSTs is recorded, so the test sees the GET it opens a stream with.
    const recording = (input, init) => {
      const exchange = fetch(input, init).then(response => {
        const method = init?.method ?? 'GET';
        if (method !== 'POST') {
          report.httpExchanges.push({ method, status: response.status, allow: response.headers.get('allow') });
        }
        return response;
      });
      pending.push(exchange.catch(() => {}));
      return exchange;
    };
    return new StreamableHTTPClientTransport(url, { requestInit: { headers: { 'x-api-key': key } }, fetch: recording });
  }
  if (mode === 'stdio' && rest[0] === '--' && rest.length > 1) {
    return new StdioClientTransport({ command: rest[1], args: rest.slice(2), env: { ...process.env }, stderr: 'pipe' });
  }
  console.error('usage: node client.mjs http URL | node client.mjs stdio -- COMMAND [ARGS...]');
  process.exit(2);
}

async function step(name, run) {
  try {
    report.steps[name] = { ok: true, value: await run() };
  } catch (error) {
    report.steps[name] = { ok: false, code: error?.code ?? null, message: String(error?.message ?? error) };
  }
  return report.steps[name];
}

const text = result => ({ isError: result.isError ?? false, text: result.content?.map(c => c.text ?? '').join('') });

const client = new Client({ name: 'engram-tests-typescript-sdk', version: '1.0.0' });
client.onerror = error => report.clientErrors.push(String(error?.message ?? error));
const transport = transportFor();
if (mode === 'stdio') {
  report.stderr = [];
  transport.stderr?.on('data', chunk => report.stderr.push(chunk.toString()));
}

const connected = await step('initialize', async () => {
  await client.connect(transport);
  return { server: client.getServerVersion(), capabilities: client.getServerCapabilities() };
});

if (connected.ok) {
  const tools = await step('tools/list', async () => (await client.listTools()).tools.map(t => ({ name: t.name, required: t.inputSchema?.required ?? [] })));
  const call = (name, args) => step(`call ${name}`, async () => text(await client.callTool({ name, arguments: args })));
  await call('memory_view', { path: '/memories' });
  await call('memory_create', { path: '/memories/notes/from-node.md', file_text: 'written by the TypeScript SDK\n' });
  await call('memory_search', { query: 'Tuesdays deploys' });
  await call('memory_history', { path: '/memories/notes/from-node.md' });
  await call('memory_context', { budget: 500 });

  // Each tool that requires arguments, called with none.
  for (const tool of tools.ok ? tools.value : []) {
    if (tool.required.length > 0) {
      await step(`missing ${tool.name}`, async () => text(await client.callTool({ name: tool.name, arguments: {} })));
    }
  }

  const listed = await step('resources/list', async () => (await client.listResources()).resources.map(r => ({ uri: r.uri, name: r.name, mimeType: r.mimeType })));
  // Every page, following nextCursor as a client that wants them all does (a server with several stores pages across them).
  await step('resources/list pages', async () => {
    const pages = [];
    let cursor;
    do {
      const page = await client.listResources(cursor === undefined ? undefined : { cursor });
      pages.push(page.resources.map(r => ({ uri: r.uri, name: r.name })));
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages.length < 50);
    return pages;
  });
  const templates = await step('resources/templates/list', async () => (await client.listResourceTemplates()).resourceTemplates.map(t => ({ uriTemplate: t.uriTemplate, name: t.name, mimeType: t.mimeType })));
  const welcome = listed.ok ? listed.value.find(r => r.uri.endsWith('/notes/welcome.md')) : undefined;
  await step('resources/read', async () => {
    const read = await client.readResource({ uri: welcome?.uri ?? 'engram://none/notes/welcome.md' });
    return read.contents.map(c => ({ uri: c.uri, mimeType: c.mimeType, text: c.text }));
  });
  // The template expanded by the SDK's own RFC 6570 implementation, with the store of the listed URI.
  await step('resources/read by template', async () => {
    const store = welcome ? new URL(welcome.uri).host : 'none';
    const uri = new UriTemplate(templates.ok ? templates.value[0]?.uriTemplate ?? '' : '').expand({ store, path: 'notes/welcome.md' });
    const read = await client.readResource({ uri });
    return { uri, text: read.contents.map(c => c.text).join('') };
  });
  await step('resources/read missing', async () => (await client.readResource({ uri: `engram://${welcome ? new URL(welcome.uri).host : 'none'}/secret/launch-plans.md` })).contents.length);

  await step('prompts/list', async () => (await client.listPrompts()).prompts.map(p => ({ name: p.name, arguments: (p.arguments ?? []).map(a => a.name) })));
  await step('prompts/get', async () => (await client.getPrompt({ name: 'memory_section', arguments: { budget: '500' } })).messages.map(m => m.content?.text ?? ''));
  await step('prompts/get bad budget', async () => (await client.getPrompt({ name: 'memory_section', arguments: { budget: 'lots' } })).messages.length);

  if (mode === 'http') {
    await step('GET endpoint', async () => {
      const response = await fetch(rest[0], { headers: { 'x-api-key': process.env.ENGRAM_MCP_KEY ?? '', accept: 'text/event-stream' } });
      await response.body?.cancel();
      return { status: response.status, allow: response.headers.get('allow') };
    });
  }
}

// Wait for every exchange the transport started (the GET it opens after initializing runs on its own) before closing.
await Promise.all(pending);
await client.close().catch(error => report.clientErrors.push(`close: ${error?.message ?? error}`));
process.stdout.write(JSON.stringify(report) + '\n');
