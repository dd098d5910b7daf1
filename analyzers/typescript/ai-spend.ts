import ts from 'typescript';
import { resolve, type NameTable } from './declarations';
import { skipOuter } from './prisma-calls';
import { objectArgument, propertyName, propertyValue } from './syntax';
import { isPackage } from './values';

/**
 * Who pays for a model call and how long its answer can be, as far as one
 * file shows. A call paid with the caller's own stored key (bring your own
 * key: a tenant's credentials read from the database, decrypted, or handed
 * in) costs the operator nothing, so cost claims do not apply to it; a
 * prompt that asks for a word, a verdict or a fixed short format is bounded
 * by the task, cap or no cap.
 */

/** Where an API key comes from: the server's own configuration, or the caller's stored credentials. */
export type KeySource = 'server' | 'stored';

const KEY_NAMES = ['apiKey', 'api_key', 'openAIApiKey', 'anthropicApiKey', 'key'];
/** Objects that hold the server's configuration: `process.env`, `env`, `config`. */
const SERVER_CONFIG = /^(?:process|env|ENV|config|CONFIG|settings|secrets|serverEnv|serverConfig)$/;
/** Calls that read stored credentials: a decryption, or a database read (Prisma, Supabase, Drizzle). */
const STORED_READ = /^(?:decrypt\w*|findUnique\w*|findFirst\w*|single|maybeSingle|get)$/i;

/**
 * Who pays for the model behind `expression` (an SDK client, a LangChain
 * model, the AI SDK's `model`): follows it to where it is built and reads
 * the `apiKey` it is given. A client built with no key reads the server's
 * environment.
 */
export function keySource(expression: ts.Expression, model: NameTable, depth = 0): KeySource | undefined {
  if (depth > 6) return undefined;
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = resolve(model, inner);
    if (!declaration) return undefined;
    // A provider imported from its package (`openai` of `@ai-sdk/openai`) reads the server's environment.
    if (declaration.kind === 'import') return isPackage(declaration.specifier ?? '.') ? 'server' : undefined;
    return declaration.initializer && declaration.key === undefined ? keySource(declaration.initializer, model, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(inner)) return keySource(inner.expression, model, depth + 1);
  if (!ts.isCallExpression(inner) && !ts.isNewExpression(inner)) return undefined;
  for (let index = 0; index < (inner.arguments?.length ?? 0); index++) {
    const options = objectArgument(inner, index) ?? literalOf(inner.arguments![index], model);
    if (!options) continue;
    const key = keyIn(options, model);
    if (key) return valueSource(key, model, 0);
  }
  const callee = skipOuter(inner.expression);
  const declaration = ts.isIdentifier(callee) ? resolve(model, callee) : undefined;
  // `new OpenAI()` or `createOpenAI({ baseURL })` with no key: the SDK reads its environment variable.
  if (declaration?.kind === 'import') return 'server';
  // `await prepareCall(options)`, a function of this file that builds the model: the key it passes there.
  if (declaration?.kind === 'function') return keyInBody(declaration.id.parent, model);
  return keySource(inner.expression, model, depth + 1);
}

/** The key a function of this file passes to whatever builds its model: `{ apiKey: decrypt(…) }` somewhere in its body. */
function keyInBody(fn: ts.Node, model: NameTable): KeySource | undefined {
  let found: KeySource | undefined;
  let budget = 2000;
  const visit = (node: ts.Node): void => {
    if (found || budget-- <= 0) return;
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && KEY_NAMES.includes(propertyName(node.name) ?? '')) {
      found = valueSource(ts.isPropertyAssignment(node) ? node.initializer : node.name, model, 0);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

/** The key an options object passes: `apiKey`, or `credentials: { apiKey }`. */
function keyIn(options: ts.ObjectLiteralExpression, model: NameTable): ts.Expression | undefined {
  for (const name of KEY_NAMES) {
    const value = propertyValue(options, name);
    if (value) return value;
  }
  const credentials = propertyValue(options, 'credentials');
  if (!credentials) return undefined;
  const literal = literalOf(credentials, model);
  return literal ? keyIn(literal, model) : credentials;
}

/** The object literal an identifier is a `const` of. */
function literalOf(expression: ts.Expression, model: NameTable): ts.ObjectLiteralExpression | undefined {
  const inner = skipOuter(expression);
  if (ts.isObjectLiteralExpression(inner)) return inner;
  if (!ts.isIdentifier(inner)) return undefined;
  const declaration = resolve(model, inner);
  const initializer = declaration?.key === undefined && declaration?.initializer ? skipOuter(declaration.initializer) : undefined;
  return initializer && ts.isObjectLiteralExpression(initializer) ? initializer : undefined;
}

/** Where a key's value comes from: `process.env.X` is the server's; a parameter, a decrypted or stored record's field is the caller's. */
function valueSource(expression: ts.Expression, model: NameTable, depth: number): KeySource | undefined {
  if (depth > 6) return undefined;
  const inner = skipOuter(expression);
  if (ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner)) return 'server';
  if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.BarBarToken || inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return valueSource(inner.left, model, depth + 1);
  if (ts.isCallExpression(inner)) return readsStored(inner) ? 'stored' : undefined;
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
    let root: ts.Expression = inner;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuter(root.expression);
    if (ts.isMetaProperty(root) || (ts.isIdentifier(root) && SERVER_CONFIG.test(root.text))) return 'server';
    return containerSource(root, model, depth + 1);
  }
  if (!ts.isIdentifier(inner)) return undefined;
  const declaration = resolve(model, inner);
  if (!declaration) return undefined;
  if (declaration.kind === 'param') return 'stored';
  if (declaration.kind === 'import') return 'server';
  if (!declaration.initializer) return undefined;
  // `const { apiKey } = await decrypt(…)`: the key is a field of what the initializer reads.
  return declaration.key !== undefined ? containerSource(declaration.initializer, model, depth + 1) : valueSource(declaration.initializer, model, depth + 1);
}

/** Where a record holding a key comes from: a parameter, a decryption or a database read are the caller's credentials. */
function containerSource(expression: ts.Expression, model: NameTable, depth: number): KeySource | undefined {
  if (depth > 6) return undefined;
  const inner = skipOuter(expression);
  if (ts.isCallExpression(inner)) return readsStored(inner) ? 'stored' : undefined;
  if (ts.isPropertyAccessExpression(inner)) return containerSource(inner.expression, model, depth + 1);
  if (!ts.isIdentifier(inner)) return undefined;
  if (SERVER_CONFIG.test(inner.text)) return 'server';
  const declaration = resolve(model, inner);
  if (declaration?.kind === 'param') return 'stored';
  if (declaration?.kind === 'import') return 'server';
  return declaration?.initializer ? containerSource(declaration.initializer, model, depth + 1) : undefined;
}

/** `decrypt(…)`, `prisma.credentials.findUnique(…)`, `supabase.from('models').select().single()`. */
function readsStored(call: ts.CallExpression): boolean {
  let current: ts.Expression = call;
  for (let hops = 0; hops < 10 && ts.isCallExpression(current); hops++) {
    const callee = skipOuter(current.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (/^decrypt/i.test(name)) return true;
    if (STORED_READ.test(name) && ts.isPropertyAccessExpression(callee) && /\.(?:from|credentials?|apiKeys?|llmApiKeys|models?)\b/i.test(callee.expression.getText())) return true;
    if (!ts.isPropertyAccessExpression(callee)) return false;
    current = skipOuter(callee.expression);
  }
  return false;
}

/**
 * The prompt asks for a word, a verdict or a short fixed format: "Reply with
 * the word OK and nothing else", "Respond with one of two verdicts",
 * "Answer yes or no". Such an answer is bounded by the task itself.
 */
const SHORT_ANSWER = /\b(?:respond|reply|answer|return|output)\b[^.\n]{0,60}?\b(?:only (?:with )?(?:one|a single|the word|yes|true|a number)|with (?:one of|the word|a single|only)|exactly (?:one|this format)|in exactly)\b|\b(?:nothing else|yes or no|true or false|one word|single word|one-word)\b/i;

/** Whether the string literals of a request's options ask for a short answer. */
export function asksForShortAnswer(options: ts.ObjectLiteralExpression | undefined): boolean {
  if (!options) return false;
  let found = false;
  let budget = 200;
  const visit = (node: ts.Node): void => {
    if (found || budget-- <= 0) return;
    if ((ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && SHORT_ANSWER.test(node.text)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(options);
  return found;
}
