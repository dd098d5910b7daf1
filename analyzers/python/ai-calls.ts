import type { AiClientFact } from './facts-types';
import { lastAssignment } from './rows';
import type { PyCheck } from './check';
import { callParts, dottedName, type CallParts } from './syntax';
import { field, unwrap, type PyNode } from './tree';

/**
 * Calls to AI model APIs: OpenAI (current and legacy), Anthropic, litellm,
 * and the LangChain / LlamaIndex model constructors. Shared by
 * unbounded-ai-call (limits, loops, throttling) and long-task-in-request.
 */
export interface AiCall {
  parts: CallParts;
  sdk: string;
  /** `generate`: a request to the model; `constructor`: a LangChain/LlamaIndex model with its limits. */
  kind: 'generate' | 'constructor';
  /** The keyword that caps output for this API (`max_tokens`, `max_output_tokens`). */
  capKey: string;
  /** The keyword for a per-call timeout (`request_timeout` in the pre-1.0 OpenAI SDK). */
  timeoutKey: string;
  hasCap: boolean;
  /** Undefined when the client is built somewhere ScaleCheck cannot see. */
  hasTimeout: boolean | undefined;
}

const CAP_KEYS = ['max_tokens', 'max_completion_tokens', 'max_output_tokens', 'max_tokens_to_sample', 'max_new_tokens', 'num_predict'];
const TIMEOUT_KEYS = ['timeout', 'request_timeout', 'default_request_timeout'];
const LANGCHAIN_MODELS = /^Chat(?:OpenAI|AzureOpenAI|Anthropic|Google\w*|VertexAI|Mistral\w*|Groq|Cohere|Ollama|Bedrock\w*|Fireworks|Together|DeepSeek|XAI|LiteLLM)$/;

export function aiCallOf(check: PyCheck, call: PyNode): AiCall | undefined {
  const parts = callParts(check.tree, call);
  if (!parts?.name) return undefined;
  const imports = check.facts.aiImports;
  const has = (key: string) => parts.keywords.has(key) || parts.hasKwargsSplat;
  const chain = attributeChain(check, parts.callee);

  // Constructors of LangChain / LlamaIndex models carry the limits.
  if (parts.callee.type === 'identifier') {
    const source = check.facts.imports.find((entry) => entry.local === parts.name);
    // `from llama_index.llms.openai import OpenAI as LlamaOpenAI`: judge by the imported name.
    const name = source?.name ?? parts.name;
    const from = source ? `${source.module}.${source.name ?? ''}` : '';
    if (LANGCHAIN_MODELS.test(name) && from.startsWith('langchain')) {
      return { parts, sdk: 'langchain', kind: 'constructor', capKey: 'max_tokens', timeoutKey: 'timeout', hasCap: CAP_KEYS.some(has), hasTimeout: TIMEOUT_KEYS.some(has) };
    }
    if (/^(?:OpenAI|OpenAILike|Anthropic)$/.test(name) && from.startsWith('llama_index')) {
      return { parts, sdk: 'llama_index', kind: 'constructor', capKey: 'max_tokens', timeoutKey: 'timeout', hasCap: CAP_KEYS.some(has), hasTimeout: TIMEOUT_KEYS.some(has) };
    }
    if (/^a?completion$/.test(name) && from.startsWith('litellm')) return generate(parts, 'litellm', 'max_tokens', true);
    return undefined;
  }

  const tail = chain.names.slice(-3).join('.');
  const tail2 = chain.names.slice(-2).join('.');
  const looksLikeModelCall = parts.keywords.has('model') || parts.hasKwargsSplat;
  let sdk: string | undefined;
  let capKey = 'max_tokens';
  if (/(?:^|\.)chat\.completions\.(?:create|parse|stream)$/.test(tail) || tail2 === 'completions.create') sdk = 'openai';
  else if (tail2 === 'responses.create' || tail2 === 'responses.stream') {
    sdk = 'openai';
    capKey = 'max_output_tokens';
  } else if (/^(?:ChatCompletion|Completion)\.a?create$/.test(tail2) && chain.root === 'openai') sdk = 'openai';
  else if (/^messages\.(?:create|stream)$/.test(tail2)) sdk = 'anthropic';
  else if (/^(?:litellm)\.a?completion$/.test(`${chain.root}.${parts.name}`) && chain.names.length === 1) sdk = 'litellm';
  if (!sdk) return undefined;
  // `client.messages.create` is also Twilio's SMS API: require an AI SDK import or a `model=`.
  if (!imports.length && !looksLikeModelCall) return undefined;
  if (sdk === 'anthropic' && !imports.includes('anthropic') && !(looksLikeModelCall && has('max_tokens'))) {
    if (!imports.length || !looksLikeModelCall) return undefined;
  }
  const chainTimeout = chain.withOptionsTimeout;
  const clientTimeout = chainTimeout ? true : clientHasTimeout(check, chain.rootNode, call);
  const legacy = /^(?:ChatCompletion|Completion)\./.test(tail2);
  return { ...generate(parts, sdk, capKey, TIMEOUT_KEYS.some(has) || clientTimeout === true ? true : clientTimeout), timeoutKey: legacy ? 'request_timeout' : 'timeout' };
}

function generate(parts: CallParts, sdk: string, capKey: string, hasTimeout: boolean | undefined): AiCall {
  const has = (key: string) => parts.keywords.has(key) || parts.hasKwargsSplat;
  const timeout = TIMEOUT_KEYS.some(has) ? true : hasTimeout;
  return { parts, sdk, kind: 'generate', capKey, timeoutKey: 'timeout', hasCap: CAP_KEYS.some(has), hasTimeout: timeout };
}

/** `client.chat.completions.create` → names [chat, completions, create], root `client`. */
function attributeChain(check: PyCheck, callee: PyNode): { names: string[]; root: string; rootNode: PyNode | undefined; withOptionsTimeout: boolean } {
  const names: string[] = [];
  let current: PyNode | undefined = unwrap(callee);
  let withOptionsTimeout = false;
  while (current) {
    if (current.type === 'attribute') {
      const attribute = field(current, 'attribute');
      if (attribute) names.unshift(check.tree.text.slice(attribute.start, attribute.end));
      current = unwrap(field(current, 'object'));
    } else if (current.type === 'call') {
      // `client.with_options(timeout=20).chat.completions.create(...)`.
      const parts = callParts(check.tree, current);
      if (parts?.name === 'with_options' && parts.keywords.has('timeout')) withOptionsTimeout = true;
      if (parts?.name === 'with_options' || parts?.name === 'with_raw_response') {
        current = unwrap(parts.receiver);
        continue;
      }
      return { names, root: '', rootNode: current, withOptionsTimeout };
    } else break;
  }
  const root = current?.type === 'identifier' ? check.tree.text.slice(current.start, current.end) : current ? (dottedName(check.tree, current)?.join('.') ?? '') : '';
  return { names, root, rootNode: current, withOptionsTimeout };
}

/**
 * Whether the client a call goes through was built with a timeout: a client
 * constructed inline, a local, a module-level client, or one imported from
 * another module. Undefined when ScaleCheck cannot find where it is built.
 */
function clientHasTimeout(check: PyCheck, root: PyNode | undefined, at: PyNode): boolean | undefined {
  if (!root) return undefined;
  if (root.type === 'call') return constructorTimeout(check, root);
  const name = root.type === 'identifier' ? check.tree.text.slice(root.start, root.end) : dottedName(check.tree, root)?.join('.');
  if (!name) return undefined;
  if (name === 'openai' || name === 'anthropic') return false; // module-level API: the SDK default (10 minutes)
  if (root.type === 'identifier') {
    const local = lastAssignment(check, at, name);
    if (local && unwrap(local)?.type === 'call') {
      const timeout = constructorTimeout(check, unwrap(local)!);
      if (timeout !== undefined) return timeout;
    }
  }
  const own = check.facts.aiClients.find((client) => client.name === name);
  if (own) return own.hasTimeout;
  const target = check.ws.resolveName(check.path, name);
  if (target && 'path' in target) {
    const client: AiClientFact | undefined = check.ws.files.get(target.path)?.aiClients.find((candidate) => candidate.name === target.name);
    if (client) return client.hasTimeout;
  }
  return undefined;
}

function constructorTimeout(check: PyCheck, call: PyNode): boolean | undefined {
  const parts = callParts(check.tree, call);
  if (!parts?.name || !/^(?:Async)?(?:OpenAI|AzureOpenAI|Anthropic|AnthropicBedrock|AnthropicVertex)$/.test(parts.name)) return undefined;
  return parts.hasKwargsSplat || TIMEOUT_KEYS.some((key) => parts.keywords.has(key));
}

const SDK_NAMES: Record<string, string> = { openai: 'OpenAI', anthropic: 'Anthropic', langchain: 'LangChain', llama_index: 'LlamaIndex', litellm: 'litellm' };

/** The SDK's name as its makers write it, for messages. */
export function sdkName(sdk: string): string {
  return SDK_NAMES[sdk] ?? sdk;
}
