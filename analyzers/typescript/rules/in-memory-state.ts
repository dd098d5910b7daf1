import * as ts from 'typescript';
import type { RuleContext } from '../../core/rule';
import type { LanguageRule } from '../../rules/define';
import type { TsFacts } from '../facts';
import type { TsTree } from '../parse';
import { enclosingFunction, startOf, walk } from '../walk';

/** Modules whose import marks a file as server code even outside app/ routes. */
const SERVER_MODULES = /^(?:express|hono|@hono\/.+|fastify|koa|@koa\/.+|next\/server|http|node:http|https|node:https)$/;

const COLLECTION_CONSTRUCTORS = new Set(['Map', 'Set', 'Array', 'Object']);
const MUTATING_METHODS = new Set(['set', 'add', 'push', 'unshift', 'splice', 'delete', 'clear', 'pop', 'shift', 'sort', 'reverse', 'fill']);

interface Candidate {
  name: ts.Identifier;
  kind: 'counter' | 'collection';
  /** What it holds, for the message: `Map`, `Set`, `array`, `object`, or the variable's keyword. */
  type: string;
  writes: ts.Node[];
}

function check(context: RuleContext<TsTree>): void {
  const { sourceFile } = context.file.tree;
  if (context.isScript || !isServerModule(context)) return;

  const candidates = new Map<string, Candidate>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const type = isConst ? collectionType(declaration.initializer) : 'let';
      if (!type) continue;
      candidates.set(declaration.name.text, { name: declaration.name, kind: isConst ? 'collection' : 'counter', type, writes: [] });
    }
  }
  if (candidates.size === 0) return;

  walk(sourceFile, (node) => {
    const written = writtenIdentifier(node);
    if (!written) return;
    const candidate = candidates.get(written.text);
    // Only writes from inside a function run per request; module-level setup runs once.
    if (!candidate || !enclosingFunction(node) || shadowed(written, candidate.name)) return;
    if (candidate.kind === 'counter' && !isReassignment(node)) return;
    candidate.writes.push(node);
  });

  for (const candidate of candidates.values()) {
    if (candidate.writes.length === 0) continue;
    const name = candidate.name.text;
    context.report({
      message: candidate.kind === 'counter' ? 'moduleVariable' : 'moduleCollection',
      data: { name, type: candidate.type },
      start: startOf(candidate.name),
      end: candidate.name.end,
      related: candidate.writes.slice(0, 5).map((write) => ({ location: context.locate(startOf(write), write.end), message: 'writtenHere' })),
      details: { stack: 'node', stateKind: candidate.kind, writes: candidate.writes.length },
    });
  }
}

function isServerModule(context: RuleContext<TsTree>): boolean {
  const facts = context.facts.get(context.file.path)?.data as TsFacts | undefined;
  if (!facts || facts.directives.includes('use client')) return false;
  return facts.entry !== undefined || facts.imports.some((entry) => SERVER_MODULES.test(entry.specifier));
}

/** `Map`, `Set`, `array` or `object` for a mutable collection initializer. */
function collectionType(initializer: ts.Expression | undefined): string | undefined {
  if (!initializer) return undefined;
  let expression = initializer;
  while (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isParenthesizedExpression(expression)) expression = expression.expression;
  if (ts.isArrayLiteralExpression(expression)) return 'array';
  if (ts.isObjectLiteralExpression(expression)) return 'object';
  if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression) && COLLECTION_CONSTRUCTORS.has(expression.expression.text)) {
    const name = expression.expression.text;
    return name === 'Array' ? 'array' : name === 'Object' ? 'object' : name;
  }
  return undefined;
}

/** The module-level name a node writes to, if it is a write: `x = …`, `x++`, `x.set(…)`, `x[k] = …`, `delete x[k]`. */
function writtenIdentifier(node: ts.Node): ts.Identifier | undefined {
  if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) return rootIdentifier(node.left);
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
    return rootIdentifier(node.operand);
  }
  if (ts.isDeleteExpression(node)) return rootIdentifier(node.expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATING_METHODS.has(node.expression.name.text)) {
    const target = node.expression.expression;
    return ts.isIdentifier(target) ? target : undefined;
  }
  return undefined;
}

/** A direct reassignment or increment of the variable itself (not of a property). */
function isReassignment(node: ts.Node): boolean {
  if (ts.isBinaryExpression(node)) return ts.isIdentifier(node.left);
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) return ts.isIdentifier(node.operand);
  return false;
}

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = expression;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) {
    current = current.expression;
  }
  return ts.isIdentifier(current) ? current : undefined;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** True when a local declaration between the write and module level reuses the name. */
function shadowed(use: ts.Identifier, declared: ts.Identifier): boolean {
  const name = use.text;
  for (let scope: ts.Node | undefined = use.parent; scope && scope !== declared.getSourceFile(); scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((parameter) => declaresName(parameter.name, name))) return true;
    if (ts.isBlock(scope)) {
      for (const statement of scope.statements) {
        if (ts.isVariableStatement(statement) && statement.declarationList.declarations.some((declaration) => declaration.name !== declared && declaresName(declaration.name, name))) return true;
        if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return true;
      }
    }
    if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
      if (scope.initializer.declarations.some((declaration) => declaresName(declaration.name, name))) return true;
    }
    if (ts.isCatchClause(scope) && scope.variableDeclaration && declaresName(scope.variableDeclaration.name, name)) return true;
  }
  return false;
}

function declaresName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !ts.isOmittedExpression(element) && declaresName(element.name, name));
}

export const inMemoryStateTs: LanguageRule<TsTree> = {
  check,
  messages: {
    moduleVariable: {
      en: '`{{name}}` is a module-level variable changed while serving requests: each server instance counts on its own, and a restart resets it.',
      ko: '`{{name}}`은(는) 요청을 처리하면서 바뀌는 모듈 수준 변수입니다. 서버 인스턴스마다 따로 세고, 재시작하면 처음으로 돌아갑니다.',
    },
    moduleCollection: {
      en: '`{{name}}` is a module-level {{type}} written while serving requests: each server instance keeps its own copy, and a restart empties it.',
      ko: '`{{name}}`은(는) 요청을 처리하면서 채워지는 모듈 수준 {{type}}입니다. 서버 인스턴스마다 따로 가지며, 재시작하면 비워집니다.',
    },
  },
};
