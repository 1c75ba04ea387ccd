/**
 * Whether an AMQP topic binding matches a routing key: words are separated by dots, `*`
 * stands for exactly one word and `#` for zero or more.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return matchFrom(pattern.split('.'), 0, routingKey.split('.'), 0);
}

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
