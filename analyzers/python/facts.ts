import type { ParsedFile } from '../core/rule';
import { importedAiSdks, recordAiClient } from './ai-clients';
import { collectCacheWrites } from './cache-writes';
import { recordClass } from './classes';
import { pythonCodeKind } from './code-kind';
import { FactsDraft } from './facts-draft';
import type { PythonFacts } from './facts-types';
import { recordFunction } from './functions';
import { gunicornFacts, isGunicornConf } from './gunicorn';
import { collectImports, moduleNameOf } from './imports';
import { collectQueries } from './query-lookups';
import { looksLikeSettings, settingsFacts } from './settings';
import { collectSerializerCalls } from './serializers';
import { collectConnectedSignals } from './signals';
import { callParts, definitionOf, simpleAssignment, statements } from './syntax';
import { field, unwrap, type PyNode, type PyTree } from './tree';
import { noteRouter } from './views';

/**
 * One file's facts. Imports come first (the other recognizers ask what the
 * module imports), then the module's statements in order (a router must be
 * bound before the routes that use it), then the queries and signal
 * connections anywhere in the file, then what settings and Gunicorn config
 * files say.
 */
export function extractPythonFacts(file: ParsedFile<PyTree>): PythonFacts {
  const kind = pythonCodeKind(file.path, file.text);
  const draft = new FactsDraft(file, {
    module: moduleNameOf(file.path),
    isTest: kind === 'test',
    isScript: kind === 'script' || kind === 'migration',
    imports: [],
    definitions: [],
    classes: [],
    models: [],
    functions: [],
    serializers: [],
    serializerCalls: [],
    signals: [],
    queries: [],
    creates: [],
    aiClients: [],
    aiImports: [],
  });
  collectImports(draft);
  draft.facts.aiImports = importedAiSdks(draft.facts.imports);
  for (const statement of statements(file.tree.root)) readTopLevel(draft, statement);
  collectQueries(draft);
  collectSerializerCalls(draft);
  collectConnectedSignals(draft);
  collectCacheWrites(draft);
  if (looksLikeSettings(draft)) draft.facts.settings = settingsFacts(draft);
  // A half-typed config gives numbers it does not mean (a `threads =` not finished reads as 1): none until it parses.
  if (isGunicornConf(file.path) && !file.tree.syntaxErrors) draft.facts.gunicorn = gunicornFacts(draft);
  return draft.facts;
}

/** A module-level definition or assignment: its name, and what a function, class, router or AI client declares. */
function readTopLevel(draft: FactsDraft, statement: PyNode): void {
  const definition = definitionOf(statement);
  if (definition.type === 'function_definition' || definition.type === 'class_definition') {
    const name = field(definition, 'name');
    if (name) draft.facts.definitions.push(draft.text(name));
    if (definition.type === 'function_definition') recordFunction(draft, definition, undefined);
    else recordClass(draft, definition);
    return;
  }
  const assignment = simpleAssignment(draft.tree, statement);
  if (!assignment) return;
  draft.facts.definitions.push(assignment.name);
  const value = unwrap(assignment.value);
  if (value?.type !== 'call') return;
  const parts = callParts(draft.tree, value);
  const constructor = draft.dotted(parts?.callee)?.split('.').pop() ?? '';
  noteRouter(draft, assignment.name, constructor);
  if (parts) recordAiClient(draft, assignment.name, assignment.target, constructor, parts);
}
