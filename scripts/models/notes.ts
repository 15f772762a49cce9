// Compile notes: the SDK/botocore disagreements and fallbacks met while compiling, reported by
// `--verbose` so a human can check them.

export interface CompileNotes {
  /** Counters of SDK/botocore disagreements and fallbacks, per kind. */
  counts: Record<string, number>;
  /** A few examples per kind. */
  examples: Record<string, string[]>;
}
