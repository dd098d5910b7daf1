import ts from 'typescript';
import { asksForShortAnswer } from './ai-spend';
import type { FileModel } from './model';
import { skipOuter } from './prisma-calls';
import { hasSpread, objectArgument, propertyNamed, propertyPath, propertyValue, stringValue } from './syntax';
import { classifyOrigin, DB_KINDS, importRefOf, originOf, type ClientKind, type ImportRef, type Origin } from './values';

/**
 * Model calls: OpenAI (`chat.completions.create`, `responses.create`,
 * `completions.create`), Anthropic (`messages.create`), the Vercel AI SDK
 * (`generateText`, `streamText`, `generateObject`, `streamObject`) and
 * LangChain runnables (`invoke`, `stream`, `batch`).
 */
export type AiProvider = 'openai' | 'anthropic' | 'vercel-ai' | 'langchain';
export type AiApi = 'chat' | 'responses' | 'completions' | 'messages' | 'generateText' | 'streamText' | 'generateObject' | 'streamObject' | 'invoke' | 'stream' | 'batch';

export interface AiCall {
  node: ts.CallExpression;
  provider: AiProvider;
  api: AiApi;
  label: string;
  streaming: boolean;
  /** The object the output cap belongs in: the request, or for LangChain the model's constructor options. */
  capTarget?: ts.ObjectLiteralExpression;
  /** The constructor call a cap would go into when it takes no options yet: `new ChatOpenAI()`. */
  capCtor?: ts.NewExpression;
  /** True/false when the file shows it; undefined when the options are out of sight (a variable, a spread). */
  hasCap?: boolean;
  /** Capped at a few hundred tokens (a classifier, a moderation check), or its prompt asks for a word or a short fixed format: quick enough to wait for. */
  smallCap: boolean;
  /** The prompt itself bounds the answer ("reply with one word"): no cap needed for its length. */
  shortAnswer: boolean;
  /** Cap keys this API accepts, the first being the one a fix inserts. */
  capKeys: string[];
  /** A `signal`/`timeout` on the call itself (`abortSignal` for the AI SDK); undefined when the options are out of sight. */
  hasCallTimeout?: boolean;
  /** Where the client comes from, for the timeout check. */
  client?: { ctor?: ts.NewExpression; ref?: ImportRef };
  /** The model named by a string literal in the request (`model: 'gpt-4o-mini'`) and the cap written as a number, for the lesson's cost simulator. */
  modelName?: string;
  capTokens?: number;
  /** The call counts only if the workspace resolves the imported client to one of `accepts`. */
  pending?: { ref: ImportRef; accepts: ClientKind[]; conventional: boolean };
}

const VERCEL_AI = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
const LANGCHAIN_DERIVED = new Set(['pipe', 'withStructuredOutput', 'bind', 'bindTools', 'withRetry', 'withConfig', 'withFallbacks']);

const cache = new WeakMap<FileModel, Map<ts.Node, AiCall>>();

export function aiCallsOf(model: FileModel): Map<ts.Node, AiCall> {
  let calls = cache.get(model);
  if (!calls) {
    calls = new Map();
    for (const site of model.calls) {
      if (!ts.isCallExpression(site.node)) continue;
      const found = aiCallOf(site.node, model);
      if (found) calls.set(site.node, found);
    }
    cache.set(model, calls);
  }
  return calls;
}

export function aiCallOf(node: ts.CallExpression, model: FileModel): AiCall | undefined {
  const callee = skipOuter(node.expression);
  if (ts.isIdentifier(callee)) return vercelCall(node, callee.text, originOf(callee, model));
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const path = propertyPath(callee);
  const method = path[path.length - 1];
  if (path.length >= 2 && VERCEL_AI.has(method)) {
    const origin = originOf(callee, model);
    if (origin.kind === 'import' && origin.specifier === 'ai') return vercelCall(node, method, origin);
  }
  const sdk = sdkShape(path);
  if (sdk) return sdkCall(node, callee, sdk, model);
  if (method === 'invoke' || method === 'stream' || method === 'batch') return langchainCall(node, callee, method, model);
  return undefined;
}

function vercelCall(node: ts.CallExpression, name: string, origin: Origin): AiCall | undefined {
  if (!VERCEL_AI.has(name) && !(origin.kind === 'import' && VERCEL_AI.has(origin.imported))) return undefined;
  if (origin.kind !== 'import' || origin.specifier !== 'ai') return undefined;
  const api = (VERCEL_AI.has(origin.imported) ? origin.imported : name) as AiApi;
  const options = objectArgument(node, 0);
  return {
    node,
    provider: 'vercel-ai',
    api,
    label: api,
    streaming: api.startsWith('stream'),
    capTarget: options,
    hasCap: capState(options, ['maxOutputTokens', 'maxTokens']),
    smallCap: smallCap(options, ['maxOutputTokens', 'maxTokens']) || asksForShortAnswer(options),
    shortAnswer: asksForShortAnswer(options),
    capKeys: ['maxOutputTokens', 'maxTokens'],
    hasCallTimeout: callTimeout(options, ['abortSignal', 'timeout'], node.arguments.length > 0),
  };
}

interface SdkShape {
  api: AiApi;
  provider: AiProvider;
  /** How many trailing names belong to the API, so the rest is the client. */
  length: number;
}

function sdkShape(path: string[]): SdkShape | undefined {
  const tail = (n: number) => path.slice(-n).join('.');
  if (/^(?:beta\.)?chat\.completions\.(?:create|parse|stream)$/.test(tail(4)) || /^chat\.completions\.(?:create|parse|stream)$/.test(tail(3))) {
    return { api: 'chat', provider: 'openai', length: path[path.length - 4] === 'beta' ? 4 : 3 };
  }
  if (/^responses\.(?:create|stream|parse)$/.test(tail(2))) return { api: 'responses', provider: 'openai', length: 2 };
  if (tail(2) === 'completions.create' && path[path.length - 3] !== 'chat') return { api: 'completions', provider: 'openai', length: 2 };
  if (/^messages\.(?:create|stream)$/.test(tail(2))) return { api: 'messages', provider: 'anthropic', length: path[path.length - 3] === 'beta' ? 3 : 2 };
  return undefined;
}

function sdkCall(node: ts.CallExpression, callee: ts.PropertyAccessExpression, shape: SdkShape, model: FileModel): AiCall | undefined {
  let client: ts.Expression = callee;
  for (let i = 0; i < shape.length; i++) {
    // `beta.chat.completions.create(…)` with `beta` itself the root: no client left to name.
    if (!ts.isPropertyAccessExpression(client)) return undefined;
    client = skipOuter(client.expression);
  }
  const origin = originOf(client, model);
  const kind = classifyOrigin(origin);
  const name = ts.isIdentifier(client) ? client.text : ts.isPropertyAccessExpression(client) ? client.name.text : '';
  let pending: AiCall['pending'];
  if (shape.provider === 'openai') {
    // The OpenAI shape is distinctive and shared by compatible SDKs (Groq, Together, OpenRouter).
    if (kind && DB_KINDS.has(kind)) return undefined;
  } else {
    // `client.messages.create` is also Twilio's SMS call: trust it only for a known Anthropic client.
    const named = /anthropic|claude/i.test(name);
    if (kind && kind !== 'anthropic') return undefined;
    if (!kind) {
      const ref = importRefOf(origin);
      if (ref) pending = { ref, accepts: ['anthropic'], conventional: named };
      else if (!named) return undefined;
    }
  }
  const options = objectArgument(node, 0);
  const capKeys = capKeysFor(shape.api, options);
  const requestOptions = objectArgument(node, 1);
  const method = callee.name.text;
  const streaming = method === 'stream' || (!!options && isTrue(propertyValue(options, 'stream')));
  const label = `${name || 'client'}.${propertyPath(callee).slice(-shape.length).join('.')}`;
  return {
    node,
    provider: shape.provider,
    api: shape.api,
    label,
    streaming,
    capTarget: options,
    hasCap: capState(options, capKeys),
    smallCap: smallCap(options, capKeys) || asksForShortAnswer(options),
    shortAnswer: asksForShortAnswer(options),
    capKeys,
    hasCallTimeout: callTimeout(requestOptions, ['signal', 'timeout'], node.arguments.length > 1),
    client: clientSource(origin),
    pending,
    modelName: options ? stringValue(propertyValue(options, 'model')) : undefined,
    capTokens: capValue(options, capKeys),
  };
}

/** The cap key a request uses: `max_completion_tokens` for reasoning models, which reject `max_tokens`. */
function capKeysFor(api: AiApi, options: ts.ObjectLiteralExpression | undefined): string[] {
  if (api === 'responses') return ['max_output_tokens'];
  if (api === 'messages' || api === 'completions') return ['max_tokens'];
  const model = options ? stringValue(propertyValue(options, 'model')) : undefined;
  const reasoning = !!model && /^(?:o\d|gpt-5)/.test(model);
  return reasoning ? ['max_completion_tokens', 'max_tokens'] : ['max_tokens', 'max_completion_tokens'];
}

function langchainCall(node: ts.CallExpression, callee: ts.PropertyAccessExpression, method: 'invoke' | 'stream' | 'batch', model: FileModel): AiCall | undefined {
  const receiver = skipOuter(callee.expression);
  const origin = originOf(receiver, model);
  const ctor = langchainModel(origin, model, 0);
  let pending: AiCall['pending'];
  if (!ctor) {
    const ref = importRefOf(origin);
    if (!ref || !ref.specifier.startsWith('.') && !ref.specifier.startsWith('@/') && !ref.specifier.startsWith('~/')) return undefined;
    pending = { ref, accepts: ['langchain'], conventional: false };
  }
  const ctorOptions = ctor && ctor !== 'unseen' ? objectArgument(ctor, 0) : undefined;
  const callOptions = objectArgument(node, 1);
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : 'chain';
  const capKeys = ['maxTokens', 'max_tokens', 'maxOutputTokens', 'numPredict'];
  return {
    node,
    provider: 'langchain',
    api: method,
    label: `${name}.${method}`,
    streaming: method === 'stream',
    capTarget: ctorOptions,
    capCtor: ctor && ctor !== 'unseen' && !ctor.arguments?.length ? ctor : undefined,
    hasCap: ctor && ctor !== 'unseen' ? (ctorOptions ? capState(ctorOptions, capKeys) : ctor.arguments?.length ? undefined : false) : undefined,
    smallCap: smallCap(ctorOptions, capKeys),
    shortAnswer: false,
    capKeys,
    hasCallTimeout: callTimeout(callOptions, ['signal', 'timeout'], node.arguments.length > 1),
    client: ctor && ctor !== 'unseen' ? { ctor } : undefined,
    pending,
  };
}

/**
 * The LangChain chat model behind a runnable: `new ChatOpenAI(…)` itself, or
 * what `.pipe(model)`, `.withStructuredOutput(…)` or `RunnableSequence.from`
 * were built on. `unseen` when it is a LangChain model made elsewhere.
 */
function langchainModel(origin: Origin, model: FileModel, depth: number): ts.NewExpression | 'unseen' | undefined {
  if (depth > 4) return undefined;
  if (origin.kind === 'new') return classifyOrigin(origin) === 'langchain' || (origin.module ?? '').includes('langchain') ? origin.node : undefined;
  if (origin.kind === 'import') return /^@?langchain/.test(origin.specifier) ? 'unseen' : undefined;
  if (origin.kind !== 'call') return undefined;
  if (LANGCHAIN_DERIVED.has(origin.name)) {
    const fromReceiver = origin.receiver ? langchainModel(origin.receiver, model, depth + 1) : undefined;
    if (fromReceiver) return fromReceiver;
    for (const argument of origin.node.arguments) {
      const found = langchainModel(originOf(argument, model), model, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (origin.name === 'from' && /^@?langchain/.test(origin.module ?? '')) {
    const list = origin.node.arguments[0] && skipOuter(origin.node.arguments[0]);
    if (list && ts.isArrayLiteralExpression(list)) {
      for (const element of list.elements) {
        const found = langchainModel(originOf(element, model), model, depth + 1);
        if (found) return found;
      }
    }
    return 'unseen';
  }
  return undefined;
}

function clientSource(origin: Origin): AiCall['client'] {
  if (origin.kind === 'new') return { ctor: origin.node };
  const ref = importRefOf(origin);
  return ref ? { ref } : undefined;
}

/** true/false when the options show whether a cap is set; undefined when they are out of sight. */
function capState(options: ts.ObjectLiteralExpression | undefined, keys: string[]): boolean | undefined {
  if (!options) return undefined;
  if (keys.some((key) => propertyNamed(options, key) !== undefined)) return true;
  return hasSpread(options) ? undefined : false;
}

/** true when the options set one of `keys`; undefined when options are passed but out of sight (a variable, a spread). */
function callTimeout(options: ts.ObjectLiteralExpression | undefined, keys: string[], passed: boolean): boolean | undefined {
  if (!options) return passed ? undefined : false;
  if (keys.some((key) => propertyNamed(options, key) !== undefined)) return true;
  return hasSpread(options) ? undefined : false;
}

const SMALL_CAP = 300;

function smallCap(options: ts.ObjectLiteralExpression | undefined, keys: string[]): boolean {
  const cap = capValue(options, keys);
  return cap !== undefined && cap <= SMALL_CAP;
}

/** The output cap when it is written as a number. */
function capValue(options: ts.ObjectLiteralExpression | undefined, keys: string[]): number | undefined {
  if (!options) return undefined;
  for (const key of keys) {
    const value = propertyValue(options, key);
    const inner = value && skipOuter(value);
    if (inner && ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  }
  return undefined;
}

function isTrue(expression: ts.Expression | undefined): boolean {
  return !!expression && expression.kind === ts.SyntaxKind.TrueKeyword;
}

/** What a client constructor sets: `timeout`, `maxRetries`. */
export function clientOptions(ctor: ts.NewExpression): { timeout: boolean; maxRetries: boolean; visible: boolean } {
  const options = objectArgument(ctor, 0);
  if (!options) return { timeout: false, maxRetries: false, visible: !ctor.arguments?.length };
  return { timeout: propertyNamed(options, 'timeout') !== undefined, maxRetries: propertyNamed(options, 'maxRetries') !== undefined, visible: !hasSpread(options) };
}
