import * as path from 'node:path';
import { allRuleIds, CONFIG_FILE_NAME, defaultConfig, parseConfig, type ConfigProblem, type ResolvedConfig } from '../analyzers';
import { readWorkspaceFile } from './workspace-file';

export interface LoadedConfig {
  config: ResolvedConfig;
  /** Absolute path of the file read, when there was one. */
  file?: string;
  problems: ConfigProblem[];
}

/** Reads `.scalecheck.json` at the workspace root; defaults when there is none (or it cannot be read, which is said). */
export function loadConfig(root: string): LoadedConfig {
  const file = path.join(root, CONFIG_FILE_NAME);
  const read = readWorkspaceFile(root, file);
  if (read.kind === 'absent') return { config: defaultConfig(), problems: [] };
  if (read.kind === 'refused') return { config: defaultConfig(), file, problems: [{ message: `Not read: ${read.reason}. The defaults apply.` }] };
  const { config, problems } = parseConfig(read.text, allRuleIds);
  return { config, file, problems };
}
