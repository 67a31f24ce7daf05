/**
 * A follower that handles several appends in one turn would acknowledge each; the
 * leader needs only the highest match per term (an ack frees every in-flight
 * append up to its index). Rejections are kept: each carries its own hint.
 */
import type { Message } from '../types.js';

export function collapseSuccessfulAcks(messages: readonly Message[]): Message[] {
  const highest = new Map<string, number>();
  messages.forEach((message, position) => {
    if (message.type !== 'appendEntriesResponse' || !message.success) return;
    const key = `${message.to}\u0000${message.term}`;
    const previous = highest.get(key);
    const previousMessage = previous === undefined ? undefined : messages[previous];
    if (
      previousMessage === undefined ||
      previousMessage.type !== 'appendEntriesResponse' ||
      message.matchIndex >= previousMessage.matchIndex
    ) {
      highest.set(key, position);
    }
  });
  if (highest.size === 0) return [...messages];
  const keep = new Set(highest.values());
  return messages.filter(
    (message, position) => message.type !== 'appendEntriesResponse' || !message.success || keep.has(position),
  );
}
