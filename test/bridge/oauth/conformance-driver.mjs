#!/usr/bin/env node
// The conformance runner's "client": `conformance client --command "node conformance-driver.mjs"`
// appends the scenario server's URL. This driver starts tally-bridge over stdio with that
// URL (the TypeScript SDK's Client + StdioClientTransport), then does what the scenario
// (MCP_CONFORMANCE_SCENARIO) expects of a client: initialize, list tools, call one.
//
// Sign-in runs inside the bridge; the driver only provides what a user or a host would:
// BROWSER (fake-browser.sh, which follows the authorization redirect into the bridge's
// callback), a private token store (TALLY_BRIDGE_DIR), and for scenarios that need
// out-of-band configuration, the flags a user would pass, taken from
// MCP_CONFORMANCE_CONTEXT. The bridge itself never reads that variable.
//
// Env: TALLY_BRIDGE (the binary), DRIVER_TIMEOUT_MS (default 25000).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CallToolResultSchema, ElicitRequestSchema, GetPromptResultSchema, ReadResourceResultSchema,
} from '@modelcontextprotocol/sdk/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const url = process.argv.at(-1);
const bridge = process.env.TALLY_BRIDGE;
if (!url || !bridge) {
  console.error('usage: TALLY_BRIDGE=<binary> conformance-driver.mjs <server-url>');
  process.exit(2);
}
const scenario = process.env.MCP_CONFORMANCE_SCENARIO || '';
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT || '{}');
const scratch = mkdtempSync(join(tmpdir(), 'tally-conformance-'));

// A secret goes to the bridge through a 0600 file, never argv.
function secretFile(name, text) {
  const path = join(scratch, name);
  writeFileSync(path, text, { mode: 0o600 });
  return `@${path}`;
}

function flagsFor(name) {
  const clientInfo = () =>
    secretFile('client.json', JSON.stringify({ client_id: context.client_id, client_secret: context.client_secret }));
  switch (name) {
    case 'auth/pre-registration':
      return ['--static-oauth-client-info', clientInfo()];
    case 'auth/client-credentials-basic':
      return ['--client-credentials', '--static-oauth-client-info', clientInfo()];
    case 'auth/client-credentials-jwt':
      return ['--client-credentials',
        '--static-oauth-client-info', JSON.stringify({ client_id: context.client_id }),
        '--client-private-key', secretFile('client.pem', context.private_key_pem),
        '--client-signing-alg', context.signing_algorithm || 'ES256'];
    case 'auth/cross-app-access-complete-flow':
      return ['--static-oauth-client-info', clientInfo(),
        '--idp-token-endpoint', context.idp_token_endpoint,
        '--idp-client-id', context.idp_client_id,
        '--idp-id-token', secretFile('id_token', context.idp_id_token)];
    case 'auth/basic-cimd':
      // The URL a user would publish their client metadata document at (the scenario's).
      return ['--client-metadata-url', 'https://conformance-test.local/client-metadata.json'];
    default:
      return [];
  }
}

const transport = new StdioClientTransport({
  command: bridge,
  args: [url, ...flagsFor(scenario)],
  stderr: 'pipe',
  env: {
    ...process.env,
    BROWSER: join(here, 'fake-browser.sh'),
    TALLY_BRIDGE_DIR: join(scratch, 'state'),
  },
});
transport.stderr?.pipe(process.stderr);

// sep-2322 (2026-07-28): the server's input_required rounds reach this legacy client as
// elicitation requests from the bridge, which the "user" accepts.
const elicits = scenario.startsWith('elicitation') || scenario === 'sep-2322-client-request-state';
const capabilities = elicits ? { elicitation: { form: { applyDefaults: true } } } : {};
const client = new Client({ name: 'tally-conformance-driver', version: '1.0.0' }, { capabilities });
if (elicits) {
  client.setRequestHandler(ElicitRequestSchema, async () =>
    ({ action: 'accept', content: scenario.startsWith('elicitation') ? {} : { confirmed: true } }));
}

let finished = false;
async function finish(code, error) {
  if (finished) return;
  finished = true;
  if (error) console.error('conformance-driver:', error?.stack || error);
  const child = transport._process;  // SDK-internal handle, to make sure the bridge is gone
  await Promise.race([transport.close().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
  if (child && child.exitCode === null && child.signalCode === null) {
    console.error('conformance-driver: the bridge did not exit on stdin EOF; killing it');
    child.kill('SIGKILL');
    code = code || 1;
  }
  rmSync(scratch, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGTERM', () => finish(1, 'SIGTERM'));
process.on('SIGINT', () => finish(1, 'SIGINT'));
setTimeout(() => finish(1, 'driver timeout'), Number(process.env.DRIVER_TIMEOUT_MS || 25000)).unref();

const options = { timeout: Number(process.env.DRIVER_REQUEST_TIMEOUT_MS || 22000) };
const call = (name, args = {}) =>
  client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, options);

// Arguments a tool accepts: each required property gets a value of its type.
function argumentsFor(tool) {
  const props = tool.inputSchema?.properties ?? {};
  const sample = { string: 'us-west1', integer: 1, number: 1, boolean: true };
  return Object.fromEntries((tool.inputSchema?.required ?? []).map((k) => [k, sample[props[k]?.type] ?? 'x']));
}

// The 2026-07-28 scenarios watch what reaches the server, so the driver exercises each
// kind of request the scenario checks (through the bridge's legacy-to-modern translation).
async function exercise2026(tools) {
  if (context.toolCalls) {
    for (const c of context.toolCalls) await call(c.name, c.arguments);
  } else if (scenario === 'sep-2322-client-request-state') {
    for (const name of ['test_mrtr_echo_state', 'test_mrtr_no_state', 'test_mrtr_unrelated', 'test_mrtr_no_result_type'])
      await call(name);
  } else if (scenario === 'json-schema-ref-no-deref') {
    // only tools/list: the check is that listing never fetches the schema's network $ref
  } else if (scenario === 'json-schema-2020-12-preservation') {
    const focal = tools.find((t) => t.name === 'json_schema_2020_12_tool');
    await call('json_schema_echo', { schema: focal?.inputSchema ?? {} });
  } else if (scenario === 'http-standard-headers' || scenario === 'http-invalid-tool-headers') {
    for (const t of tools) await call(t.name, argumentsFor(t));
    const caps = client.getServerCapabilities() ?? {};
    if (caps.resources) {
      const { resources } = await client.listResources(undefined, options);
      if (resources[0]) await client.request({ method: 'resources/read', params: { uri: resources[0].uri } },
        ReadResourceResultSchema, options);
    }
    if (caps.prompts) {
      const { prompts } = await client.listPrompts(undefined, options);
      if (prompts[0]) await client.request({ method: 'prompts/get', params: { name: prompts[0].name } },
        GetPromptResultSchema, options);
    }
  } else if (tools[0]) {
    await call(tools[0].name, { a: 2, b: 3 });
  }
}

try {
  await client.connect(transport, options);
  const { tools } = await client.listTools(undefined, options);
  if (scenario === 'sse-retry') await call('test_reconnection');
  else if (scenario.startsWith('elicitation')) await call('test_client_elicitation_defaults');
  else if (scenario.startsWith('auth/')) await call('test-tool');
  else await exercise2026(tools);
  await finish(0);
} catch (e) {
  await finish(1, e);
}
