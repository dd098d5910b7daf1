import type { FactsDraft } from './facts-draft';
import type { PyImport } from './facts-types';
import type { CallParts } from './syntax';
import type { PyNode } from './tree';

/** AI SDK modules by the name ScaleCheck reports them under. */
const AI_SDKS: Array<[RegExp, string]> = [
  [/^openai(?:\.|$)/, 'openai'],
  [/^anthropic(?:\.|$)/, 'anthropic'],
  [/^langchain(?:_[a-z]+)?(?:\.|$)/, 'langchain'],
  [/^llama_index(?:\.|$)/, 'llama_index'],
  [/^litellm(?:\.|$)/, 'litellm'],
  [/^google\.generativeai|^google\.genai/, 'gemini'],
  [/^mistralai(?:\.|$)/, 'mistral'],
  [/^groq(?:\.|$)/, 'groq'],
  [/^cohere(?:\.|$)/, 'cohere'],
];

const OUTPUT_CAPS = ['max_tokens', 'max_output_tokens', 'max_completion_tokens', 'max_new_tokens', 'num_output'];

/** The AI SDKs a module imports, each named once. */
export function importedAiSdks(imports: readonly PyImport[]): string[] {
  const sdks = new Set<string>();
  for (const entry of imports) {
    const full = entry.name ? `${entry.module}.${entry.name}` : entry.module;
    for (const [pattern, sdk] of AI_SDKS) if (pattern.test(entry.module) || pattern.test(full)) sdks.add(sdk);
  }
  return [...sdks];
}

/** `client = OpenAI(timeout=30)` at module level: a client other modules import, with its limits. */
export function recordAiClient(draft: FactsDraft, name: string, target: PyNode, constructor: string, parts: CallParts): void {
  const sdk = aiClientSdk(draft, constructor);
  if (!sdk) return;
  draft.facts.aiClients.push({
    name,
    sdk,
    hasTimeout: parts.keywords.has('timeout') || parts.keywords.has('request_timeout') || parts.hasKwargsSplat,
    hasMaxTokens: OUTPUT_CAPS.some((key) => parts.keywords.has(key)) || parts.hasKwargsSplat,
    location: draft.loc(target),
  });
}

/** The SDK a constructor belongs to, judged by its name and this module's AI imports. */
function aiClientSdk(draft: FactsDraft, constructor: string): string | undefined {
  const imported = draft.facts.imports.find((entry) => entry.local === constructor || entry.module.split('.').pop() === constructor);
  const from = imported ? imported.module + (imported.name ? `.${imported.name}` : '') : '';
  if (!draft.facts.aiImports.length) return undefined;
  if (/^(?:OpenAI|AsyncOpenAI|AzureOpenAI|AsyncAzureOpenAI)$/.test(constructor)) return from.startsWith('llama_index') ? 'llama_index' : 'openai';
  if (/^(?:Anthropic|AsyncAnthropic|AnthropicBedrock|AnthropicVertex)$/.test(constructor)) return 'anthropic';
  if (/^Chat[A-Z]\w*$/.test(constructor) && from.startsWith('langchain')) return 'langchain';
  if (/^OpenAILike$/.test(constructor)) return 'llama_index';
  return undefined;
}
