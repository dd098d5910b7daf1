import ts from 'typescript';
import { bindingNames } from './declarations';
import type { TsImport } from './entry';
import { handlerOfExport, nestRoute } from './handlers';
import { addUnit, type FileModel, type UnitKind, type UnitRef } from './model';
import { skipOuter } from './prisma-calls';
import { isFunctionNode, isFunctionValue, propertyName, type FunctionNode } from './syntax';

/**
 * What the file's top-level statements declare to other files: function
 * units (functions, `const f = …`, wrapped handlers, class and object
 * methods), exports (ES, `export … from`, `export *`, CommonJS) and ES
 * imports, with the handler role an export has where it is exported from.
 */

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefaultExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * The function a wrapper call carries and the wrappers around it:
 * `withAuth(withLimit(async () => …), opts)` → the arrow, [withAuth, withLimit].
 * Also `procedure.input(x).action(async () => …)` chains. Identifiers passed
 * instead of a function (`withAuth(handler)`) come back as `passed`.
 */
function unwrapCall(call: ts.CallExpression): { fn?: ts.ArrowFunction | ts.FunctionExpression; wrappers: ts.Expression[]; passed: ts.Expression[] } {
  const wrappers: ts.Expression[] = [];
  const passed: ts.Expression[] = [];
  let current: ts.CallExpression | undefined = call;
  for (let depth = 0; current && depth < 8; depth++) {
    wrappers.push(current.expression);
    let next: ts.CallExpression | undefined;
    for (const argument of current.arguments) {
      const inner = skipOuter(argument);
      if (isFunctionValue(inner)) return { fn: inner, wrappers, passed };
      if (ts.isCallExpression(inner) && !next) next = inner;
      else if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) passed.push(inner);
    }
    current = next;
  }
  return { wrappers, passed };
}

export function collectTopLevel(model: FileModel): void {
  const { sourceFile } = model;
  const handlerFor = (name: string) => handlerOfExport(model.path, model.entry, model.directives, name);
  const addFunctionUnit = (name: string, fn: FunctionNode, anchor: ts.Node, exported: boolean, refs: UnitRef[] = [], kind: UnitKind = 'function') => {
    const index = addUnit(model, { name, kind, node: fn, anchor, refs, exported, handler: exported ? handlerFor(name) : undefined });
    if (exported) model.exports.set(name, { local: name, unit: index });
    return index;
  };
  const addFromValue = (name: string, value: ts.Expression, anchor: ts.Node, exported: boolean) => {
    const inner = skipOuter(value);
    if (isFunctionValue(inner)) return addFunctionUnit(name, inner, anchor, exported);
    if (ts.isCallExpression(inner)) {
      const { fn, wrappers, passed } = unwrapCall(inner);
      const refs: UnitRef[] = wrappers.map((expression) => ({ expression, wrapper: true }));
      if (fn) return addFunctionUnit(name, fn, anchor, exported, refs);
      // `export default withAuth(handler)`: an entry point that hands the request to named functions.
      const handler = exported ? handlerFor(name) : undefined;
      if (passed.length && handler) {
        const index = addUnit(model, { name, kind: 'alias', anchor, refs: [...refs, ...passed.map((expression) => ({ expression, wrapper: false }))], exported, handler });
        model.exports.set(name, { local: name, unit: index });
        return index;
      }
      if (exported) model.exports.set(name, { local: name });
      return undefined;
    }
    if (ts.isObjectLiteralExpression(inner)) {
      for (const property of inner.properties) {
        const key = propertyName(property.name);
        if (!key) continue;
        if (ts.isMethodDeclaration(property)) addFunctionUnit(`${name}.${key}`, property, property.name, false, [], 'method');
        else if (ts.isPropertyAssignment(property) && isFunctionValue(skipOuter(property.initializer))) {
          addFunctionUnit(`${name}.${key}`, skipOuter(property.initializer) as ts.ArrowFunction, property.name, false, [], 'method');
        }
      }
      if (exported) model.exports.set(name, { local: name });
      return undefined;
    }
    if (ts.isClassExpression(inner)) addClass(name, inner, exported);
    if (exported) model.exports.set(name, { local: name });
    return undefined;
  };
  const addClass = (name: string, node: ts.ClassLikeDeclaration, exported: boolean) => {
    for (const member of node.members) {
      const key = propertyName(member.name);
      if (!key) continue;
      let fn: FunctionNode | undefined;
      if (ts.isMethodDeclaration(member)) fn = member;
      else if (ts.isPropertyDeclaration(member) && member.initializer && isFunctionValue(skipOuter(member.initializer))) fn = skipOuter(member.initializer) as ts.ArrowFunction;
      if (!fn) continue;
      addUnit(model, { name: `${name}.${key}`, kind: 'method', node: fn, anchor: member.name!, refs: [], exported: false, handler: nestRoute(node, member) });
    }
    if (exported) model.exports.set(name, { local: name });
  };

  for (const statement of sourceFile.statements) {
    const exported = isExported(statement);
    const isDefault = isDefaultExport(statement);
    if (ts.isFunctionDeclaration(statement)) {
      const name = statement.name?.text;
      if (isDefault) {
        const index = addFunctionUnit(name ?? 'default', statement, statement.name ?? statement, true);
        model.exports.set('default', { local: name ?? 'default', unit: index });
        // The handler role comes from being the default export, whatever the function is called.
        model.units[index].handler ??= handlerFor('default');
      } else if (name) addFunctionUnit(name, statement, statement.name!, exported);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) addFromValue(declaration.name.text, declaration.initializer, declaration.name, exported);
        else if (exported) for (const name of bindingNames(declaration.name)) model.exports.set(name, { local: name });
      }
    } else if (ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      addClass(name, statement, exported);
      if (isDefault) model.exports.set('default', { local: name });
    } else if (ts.isExportAssignment(statement)) {
      // `export default x` and TypeScript's `export = x` both name the module's one value.
      exportDefaultValue(statement.expression, statement);
    } else if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (!statement.exportClause) {
        if (specifier) model.starExports.push(specifier);
      } else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          const local = (element.propertyName ?? element.name).text;
          const name = element.name.text;
          if (specifier) model.exports.set(name, { from: { specifier, name: local } });
          else model.exports.set(name, { local });
        }
      } else if (ts.isNamespaceExport(statement.exportClause) && specifier) {
        model.exports.set(statement.exportClause.name.text, { from: { specifier, name: '*' } });
      }
    } else if (ts.isExpressionStatement(statement)) {
      commonJsExport(statement.expression);
    }
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      model.imports.push({ specifier: statement.moduleSpecifier.text, bindings: importBindings(statement.importClause) });
    }
  }
  // `export { handler as GET }` and `export default handler` name locals: give those units their handler role.
  for (const [name, entry] of model.exports) {
    if (entry.local === undefined || entry.unit !== undefined) continue;
    const index = model.unitsByName.get(entry.local);
    if (index === undefined) continue;
    entry.unit = index;
    const unit = model.units[index];
    unit.exported = true;
    unit.handler ??= handlerFor(name);
  }

  function exportDefaultValue(expression: ts.Expression, statement: ts.Node): void {
    const inner = skipOuter(expression);
    if (ts.isIdentifier(inner)) {
      model.exports.set('default', { local: inner.text });
      return;
    }
    const index = addFromValue('default', inner, statement, true);
    if (index !== undefined) model.exports.set('default', { local: 'default', unit: index });
    else if (ts.isObjectLiteralExpression(inner)) model.exports.set('default', { local: 'default' });
  }

  function commonJsExport(expression: ts.Expression): void {
    if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const target = expression.left;
    const path = ts.isPropertyAccessExpression(target) ? [ts.isIdentifier(target.expression) ? target.expression.text : ts.isPropertyAccessExpression(target.expression) ? `${(target.expression.expression as ts.Identifier).text}.${target.expression.name.text}` : '', target.name.text] : [];
    if (path[0] === 'module' && path[1] === 'exports') {
      const value = skipOuter(expression.right);
      if (ts.isIdentifier(value)) model.exports.set('default', { local: value.text });
      else if (ts.isObjectLiteralExpression(value)) {
        for (const property of value.properties) {
          if (ts.isShorthandPropertyAssignment(property)) model.exports.set(property.name.text, { local: property.name.text });
          else if (ts.isPropertyAssignment(property) && ts.isIdentifier(skipOuter(property.initializer))) {
            const key = propertyName(property.name);
            if (key) model.exports.set(key, { local: (skipOuter(property.initializer) as ts.Identifier).text });
          } else if ((ts.isPropertyAssignment(property) || ts.isMethodDeclaration(property)) && propertyName(property.name)) {
            const key = propertyName(property.name)!;
            const fn = ts.isMethodDeclaration(property) ? property : skipOuter(property.initializer);
            if (isFunctionNode(fn)) addFunctionUnit(key, fn, property.name, true);
          }
        }
      } else {
        const index = addFromValue('default', value, target, true);
        if (index !== undefined) model.exports.set('default', { local: 'default', unit: index });
      }
    } else if ((path[0] === 'exports' || path[0] === 'module.exports') && path[1]) {
      const value = skipOuter(expression.right);
      if (ts.isIdentifier(value)) model.exports.set(path[1], { local: value.text });
      else addFromValue(path[1], value, target, true);
    }
  }
}

function importBindings(clause: ts.ImportClause | undefined): TsImport['bindings'] {
  if (!clause) return [];
  const bindings: TsImport['bindings'] = [];
  if (clause.name) bindings.push({ imported: 'default', local: clause.name.text });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) bindings.push({ imported: '*', local: named.name.text });
  if (named && ts.isNamedImports(named)) {
    for (const element of named.elements) bindings.push({ imported: (element.propertyName ?? element.name).text, local: element.name.text });
  }
  return bindings;
}
