/**
 * Whether an AMQP topic binding matches a routing key: words are separated by dots, `*`
 * stands for exactly one word and `#` for zero or more.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return matchFrom(wordsOf(pattern), 0, wordsOf(routingKey), 0);
}

/** The words of a key; the empty key has none (so `*` does not match it), as in RabbitMQ. */
const wordsOf = (key: string): string[] => (key === '' ? [] : key.split('.'));

function matchFrom(pattern: string[], p: number, key: string[], k: number): boolean {
  if (p === pattern.length) return k === key.length;
  const word = pattern[p];
  if (word === '#') {
    for (let next = k; next <= key.length; next += 1)
      if (matchFrom(pattern, p + 1, key, next)) return true;
    return false;
  }
  if (k === key.length) return false;
  return (word === '*' || word === key[k]) && matchFrom(pattern, p + 1, key, k + 1);
}
