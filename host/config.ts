import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleIds, CONFIG_FILE_NAME, defaultConfig, parseConfig, type ResolvedConfig } from '../analyzers';

export interface LoadedConfig {
  config: ResolvedConfig;
  /** Absolute path of the file read, when there was one. */
  file?: string;
  problems: string[];
}

/** Reads `.scalecheck.json` at the workspace root; defaults when there is none. */
export function loadConfig(root: string): LoadedConfig {
  const file = path.join(root, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { config: defaultConfig(), problems: [] };
  }
  const { config, problems } = parseConfig(text, allRuleIds);
  return { config, file, problems };
}
