import type { LintRule } from '../src/types.js';

export declare const START: string;
export declare const END: string;
export declare function renderRulesTable(rules: readonly LintRule<any>[]): string;
export declare function withRulesTable(readme: string, rules: readonly LintRule<any>[]): string;
export declare function renderRulePage(rule: LintRule<any>): string;
