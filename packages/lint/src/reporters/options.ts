/** Options of the reporters; each format reads the ones it needs. */
export interface FormatOptions {
  /** ANSI colors in the `table` format (default false: the CLI turns them on for a TTY). */
  readonly color?: boolean;
  /** `table` format: one block per rule (default) or per object (table, view, function, file). */
  readonly groupBy?: 'rule' | 'object';
  /**
   * SARIF: project-relative path of the config file (e.g. `confiture.lint.yml` or `confiture.yaml`).
   * Results that have no source location point at it, because GitHub code scanning drops results
   * without a physical location. Default `confiture.yaml`.
   */
  readonly configFile?: string;
  /** SARIF: tool version (default: this package's version). */
  readonly toolVersion?: string;
}
