import ts from 'typescript';
import type { TsImport } from './entry';
import { skipOuter } from './prisma-calls';
import { propertyName } from './syntax';

/**
 * The names a file declares, each with the scope it is visible in, and what
 * an identifier refers to: name lookup without a type checker. The file
 * model holds the table (`model.ts`); recognizers that the model's own pass
 * runs (route handlers, rate limits, where a value comes from) read it
 * through `NameTable` alone, so they need nothing else of the model.
 */

export type DeclarationKind = 'const' | 'let' | 'var' | 'param' | 'function' | 'class' | 'import' | 'catch' | 'enum';

export interface Declaration {
  name: string;
  kind: DeclarationKind;
  /** The identifier that declares the name. */
  id: ts.Identifier;
  /** The block, function, `for` or file the name is visible in. */
  scope: ts.Node;
  initializer?: ts.Expression;
  /** `const { a } = x` / `const [a] = x`: the name takes `key` of `initializer`. */
  key?: string | number;
  /** For imports and requires. */
  specifier?: string;
  imported?: string;
}

/** Every declaration of a file by name. */
export interface NameTable {
  sourceFile: ts.SourceFile;
  declarations: Map<string, Declaration[]>;
}

/** What the pass fills in as it meets declarations: the table, and what top-level ones add to the file's outline. */
export interface DeclarationSink extends NameTable {
  /** Top-level `const`/`let`/`var` declarations in source order. */
  moduleVariables: Declaration[];
  /** The file's imports: a `require` bound to a name at the top of the file is added as it is met. */
  imports: TsImport[];
}

/** The declaration an identifier refers to: the innermost visible one. */
export function resolve(model: NameTable, identifier: ts.Identifier): Declaration | undefined {
  const candidates = model.declarations.get(identifier.text);
  if (!candidates) return undefined;
  const position = identifier.pos;
  let best: Declaration | undefined;
  let bestWidth = Infinity;
  for (const candidate of candidates) {
    const scope = candidate.scope;
    const start = scope.pos;
    if (position < start || identifier.end > scope.end) continue;
    const width = scope.end - start;
    if (width < bestWidth || (width === bestWidth && candidate.id.pos <= position)) {
      best = candidate;
      bestWidth = width;
    }
  }
  return best;
}

export function declare(model: NameTable, declaration: Declaration): void {
  const list = model.declarations.get(declaration.name);
  if (list) list.push(declaration);
  else model.declarations.set(declaration.name, [declaration]);
}

export function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  const stack: ts.BindingName[] = [name];
  while (stack.length) {
    const current = stack.pop()!;
    if (ts.isIdentifier(current)) names.push(current.text);
    else for (const element of current.elements) if (!ts.isOmittedExpression(element)) stack.push(element.name);
  }
  return names;
}

export function bindingIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const out: ts.Identifier[] = [];
  const stack: ts.BindingName[] = [name];
  while (stack.length) {
    const current = stack.pop()!;
    if (ts.isIdentifier(current)) out.push(current);
    else for (const element of current.elements) if (!ts.isOmittedExpression(element)) stack.push(element.name);
  }
  return out;
}

/**
 * A variable declaration: `let`/`const` are visible in `blockScope`, `var`
 * in `fnScope`; a `require(…)` initializer makes its names imports.
 */
export function declareVariable(model: DeclarationSink, node: ts.VariableDeclaration, blockScope: ts.Node, fnScope: ts.Node): void {
  const list = node.parent;
  const flags = ts.isVariableDeclarationList(list) ? list.flags : 0;
  const kind: DeclarationKind = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
  const scope = kind === 'var' ? fnScope : blockScope;
  const initializer = node.initializer;
  const requireSpecifier = initializer ? requireOf(initializer) : undefined;
  const topLevel = blockScope === model.sourceFile;
  if (ts.isIdentifier(node.name)) {
    const declaration: Declaration = { name: node.name.text, kind, id: node.name, scope, initializer };
    if (requireSpecifier) Object.assign(declaration, { kind: 'import', specifier: requireSpecifier.specifier, imported: requireSpecifier.member ?? 'default' });
    declare(model, declaration);
    if (topLevel) model.moduleVariables.push(declaration);
    if (requireSpecifier && topLevel) addImport(model, requireSpecifier.specifier, requireSpecifier.member ?? 'default', node.name.text);
    return;
  }
  // Destructuring: each name takes one key of the initializer.
  const stack: Array<{ name: ts.BindingName; key?: string | number }> = [{ name: node.name }];
  while (stack.length) {
    const { name, key } = stack.pop()!;
    if (ts.isIdentifier(name)) {
      const declaration: Declaration = { name: name.text, kind, id: name, scope, initializer, key };
      if (requireSpecifier && typeof key === 'string') Object.assign(declaration, { kind: 'import', specifier: requireSpecifier.specifier, imported: key });
      declare(model, declaration);
      if (topLevel) model.moduleVariables.push(declaration);
      if (requireSpecifier && typeof key === 'string' && topLevel) addImport(model, requireSpecifier.specifier, key, name.text);
      continue;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const elementKey = element.propertyName ? propertyName(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
        stack.push({ name: element.name, key: key === undefined ? elementKey : key });
      }
    } else {
      name.elements.forEach((element, index) => {
        if (!ts.isOmittedExpression(element)) stack.push({ name: element.name, key: key === undefined ? index : key });
      });
    }
  }
}

function addImport(model: DeclarationSink, specifier: string, imported: string, local: string): void {
  let entry = model.imports.find((candidate) => candidate.specifier === specifier);
  if (!entry) {
    entry = { specifier, bindings: [] };
    model.imports.push(entry);
  }
  entry.bindings.push({ imported, local });
}

/** `require('m')` or `require('m').member`. */
function requireOf(expression: ts.Expression): { specifier: string; member?: string } | undefined {
  let inner = skipOuter(expression);
  let member: string | undefined;
  if (ts.isPropertyAccessExpression(inner)) {
    member = inner.name.text;
    inner = skipOuter(inner.expression);
  }
  if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'require' && inner.arguments.length === 1 && ts.isStringLiteral(inner.arguments[0])) {
    return { specifier: inner.arguments[0].text, member };
  }
  return undefined;
}

export function declareImports(model: NameTable, node: ts.ImportDeclaration, scope: ts.Node): void {
  const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
  const clause = node.importClause;
  if (!clause) return;
  if (clause.name) declare(model, { name: clause.name.text, kind: 'import', id: clause.name, scope, specifier, imported: 'default' });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) declare(model, { name: named.name.text, kind: 'import', id: named.name, scope, specifier, imported: '*' });
  if (named && ts.isNamedImports(named)) {
    for (const element of named.elements) {
      declare(model, { name: element.name.text, kind: 'import', id: element.name, scope, specifier, imported: (element.propertyName ?? element.name).text });
    }
  }
}
