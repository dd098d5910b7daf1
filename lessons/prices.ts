import priceList from './prices.json';

/**
 * Model prices for the simulator's AI bill. The bundled list (`prices.json`)
 * states the month it was copied from the providers' pricing pages; users
 * override or add models through settings (`LessonPageInput.prices`), which
 * always win.
 */
export interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
  /** The longest answer the model can give: what an uncapped call may cost at worst. */
  maxOutput: number;
  provider: string;
}

export type PriceTable = Record<string, ModelPrice>;

export const PRICES_AS_OF: string = priceList.asOf;
export const BUNDLED_PRICES: PriceTable = priceList.models;

/** Used when an override names a model we know nothing else about. */
const UNKNOWN_MAX_OUTPUT = 8192;

/** The bundled table with the settings' overrides applied. Invalid override entries are ignored. */
export function priceTable(overrides: Record<string, { input: number; output: number }> = {}): PriceTable {
  // Without a prototype: model names come from user code (`constructor` is no model).
  const table: PriceTable = Object.assign(Object.create(null) as PriceTable, BUNDLED_PRICES);
  for (const [name, price] of Object.entries(overrides)) {
    if (!isPrice(price)) continue;
    const key = normalizeModel(name);
    const known = table[key];
    table[key] = { input: price.input, output: price.output, maxOutput: known?.maxOutput ?? UNKNOWN_MAX_OUTPUT, provider: known?.provider ?? 'custom' };
  }
  return table;
}

/**
 * The table key for a model name as code writes it: `claude-3-7-sonnet-20250219`,
 * `gpt-4o-mini-2024-07-18` or `claude-3.7-sonnet` all find their family by the
 * longest known prefix. Undefined when nothing matches.
 */
export function findModel(table: PriceTable, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const normalized = normalizeModel(name);
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if ((normalized === key || normalized.startsWith(`${key}-`)) && (!best || key.length > best.length)) best = key;
  }
  return best;
}

function normalizeModel(name: string): string {
  return name.trim().toLowerCase().replace(/^(?:openai|anthropic)\//, '').replace(/\./g, '-');
}

function isPrice(value: unknown): value is { input: number; output: number } {
  if (typeof value !== 'object' || value === null) return false;
  const { input, output } = value as Record<string, unknown>;
  return typeof input === 'number' && typeof output === 'number' && Number.isFinite(input) && Number.isFinite(output) && input >= 0 && output >= 0;
}
