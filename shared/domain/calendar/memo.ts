/**
 * Caches a pure function of one key. Calendar arithmetic repeats the same few thousand
 * dates across 100k customers (the planner), and lunar conversions are expensive.
 * Bounded: the cache is dropped when it grows past `max`, so memory stays flat.
 */
export function memoize<K, V>(fn: (key: K) => V, max = 200_000): (key: K) => V {
  let cache = new Map<K, V>();
  return (key: K) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = fn(key);
    if (cache.size >= max) cache = new Map();
    cache.set(key, value);
    return value;
  };
}
