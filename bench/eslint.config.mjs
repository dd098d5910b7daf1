// The reference ESLint run of the benchmark: ESLint 9 with the
// typescript-eslint parser and one rule, no-await-in-loop (the nearest core
// rule to an N+1 check), over every TS/JS file ScaleCheck reads.
import tsParser from '@typescript-eslint/parser';

export default [
  {
    files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
    languageOptions: {
      parser: tsParser,
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: { 'no-await-in-loop': 'error' },
  },
];
