import type { FactsDraft } from './facts-draft';
import { callParts, dottedName, sequenceItems, stringValue } from './syntax';
import { walk, type PyNode } from './tree';

/** Model signals whose handlers run inside the `save()` or `delete()` that sends them. */
const SIGNALS = new Set(['pre_save', 'post_save', 'pre_delete', 'post_delete', 'm2m_changed']);

/** `@receiver(post_save, sender=Order)` or `@receiver([pre_save, post_save], sender=Order)` on `handler`. */
export function recordReceiver(draft: FactsDraft, decorator: PyNode, handler: string): void {
  const parts = callParts(draft.tree, decorator);
  if (!parts) return;
  const signalNodes = parts.positional[0] ? (sequenceItems(parts.positional[0]) ?? [parts.positional[0]]) : [];
  const sender = senderName(draft, parts.keywords.get('sender'));
  if (!sender) return;
  for (const signalNode of signalNodes) {
    const signal = dottedName(draft.tree, signalNode)?.pop();
    if (signal && SIGNALS.has(signal)) draft.facts.signals.push({ signal, sender, handler, location: draft.loc(decorator) });
  }
}

/** `post_save.connect(handler, sender=Order)`, anywhere (often in `AppConfig.ready`). */
export function collectConnectedSignals(draft: FactsDraft): void {
  walk(draft.tree.root, (node) => {
    if (node.type !== 'call') return;
    const parts = callParts(draft.tree, node);
    if (parts?.name !== 'connect' || !parts.receiver) return;
    const signal = dottedName(draft.tree, parts.receiver)?.pop();
    const handler = dottedName(draft.tree, parts.positional[0] ?? parts.keywords.get('receiver'));
    const sender = senderName(draft, parts.keywords.get('sender'));
    if (signal && SIGNALS.has(signal) && handler?.length === 1 && sender) draft.facts.signals.push({ signal, sender, handler: handler[0], location: draft.loc(node) });
  });
}

/** The model a signal is connected for: `Order`, `shop.Order` or `"shop.Order"` → `Order`. */
function senderName(draft: FactsDraft, node: PyNode | undefined): string | undefined {
  if (!node) return undefined;
  const value = stringValue(draft.tree, node) ?? draft.dotted(node);
  return value?.split('.').pop();
}
