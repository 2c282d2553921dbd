/**
 * `make(key)` built once per key and kept: for values that are costly to build and few in kind, such as an
 * `Intl` formatter per time zone or currency (~0.2 ms to build, microseconds to use). A `make` that throws
 * keeps nothing, so a bad key fails every time it is asked.
 */
export function onePerKey<V>(make: (key: string) => V): (key: string) => V {
  const made = new Map<string, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
