/**
 * @module What is read from an object once, kept as long as the object lives: a store that
 * hands out the same object for an unchanged appointment (src/store/appointment-cache.ts)
 * spares every listing the work. Weakly held, so nothing outlives its object.
 */
export function perObject<Key extends object, Value>(read: (key: Key) => Value): (key: Key) => Value {
  const memo = new WeakMap<Key, Value>()
  return (key) => {
    let value = memo.get(key)
    if (value === undefined) {
      value = read(key)
      memo.set(key, value)
    }
    return value
  }
}
