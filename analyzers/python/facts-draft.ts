import type { ParsedFile } from '../core/rule';
import type { Location } from '../core/types';
import type { PythonFacts } from './facts-types';
import { dottedName } from './syntax';
import type { PyNode, PyTree } from './tree';

/**
 * One file's facts while its recognizers read it: the facts gathered so far,
 * which later recognizers consult (imports, the test flag), and the readers
 * every recognizer shares.
 */
export class FactsDraft {
  readonly tree: PyTree;
  /** Names bound at module level to routers/apps (`router = Router()`), for route decorators. */
  readonly routers = new Set<string>();

  constructor(
    readonly file: ParsedFile<PyTree>,
    readonly facts: PythonFacts,
  ) {
    this.tree = file.tree;
  }

  loc(node: PyNode): Location {
    return { file: this.file.path, range: this.file.lines.range(node.start, node.end) };
  }

  text(node: PyNode): string {
    return this.tree.text.slice(node.start, node.end);
  }

  dotted(node: PyNode | undefined): string | undefined {
    return dottedName(this.tree, node)?.join('.');
  }
}
