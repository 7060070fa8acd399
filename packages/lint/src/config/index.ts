export { DEFAULT_LINT_CONFIG, OUTPUT_FORMATS, RULE_SHORT_FORMS, lintConfigSchema, ruleSettingSchema } from './schema.js';
export type { LintConfig, LintConfigInput, LoadedLintConfig, OutputFormat, RuleSetting } from './schema.js';
export { validateLintConfig } from './validate.js';
export type { LintConfigSource, LintConfigValidation, ValidateLintConfigOptions } from './validate.js';
export { LINT_CONFIG_FILES, isLoadedLintConfig, lintConfigError, loadLintConfig, resolveLintConfig } from './load.js';
export type { LoadLintConfigOptions, ResolveLintConfigOptions } from './load.js';
