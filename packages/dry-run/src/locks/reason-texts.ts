// Lock reasons name their relation: "writes public.orders". A long run locks the same few
// relations thousands of times, and every reason is kept in the result: building each text once
// per relation, and sharing it, spares the allocations and the garbage collector's copying.

/** Texts `prefix + name + suffix`, built once per name. */
export class ReasonTexts {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly prefix: string,
    private readonly suffix = '',
  ) {}

  /** The text for this name. */
  for(name: string): string {
    let text = this.cache.get(name);
    if (text === undefined) {
      // Bounded, so that a long-lived process does not accumulate relation names.
      if (this.cache.size >= 4096) this.cache.clear();
      text = `${this.prefix}${name}${this.suffix}`;
      this.cache.set(name, text);
    }
    return text;
  }
}

/** Texts computed from an object (a constraint), once per object and per variant. */
export class DerivedTexts<K extends object> {
  private readonly cache = new WeakMap<K, string>();

  constructor(private readonly make: (key: K) => string) {}

  for(key: K): string {
    let text = this.cache.get(key);
    if (text === undefined) {
      text = this.make(key);
      this.cache.set(key, text);
    }
    return text;
  }
}
