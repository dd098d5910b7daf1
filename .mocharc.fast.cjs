// `npm run test:fast`: the unit tests, the fixture runner and its snapshots,
// straight from the sources, with no build (`npm run test:update-snapshots`
// is the same run, writing the snapshots). It leaves out the specs that run
// the bundles in dist/ (the CLI, the scan and editor workers), which only
// `npm test` builds and runs. Everything else comes from .mocharc.json.
const base = require('./.mocharc.json');

// The fuzz suite's fixed seed with 100 inputs per language instead of 1,000
// (`FUZZ_RUNS` set by hand still wins); `npm test` runs all of them.
process.env.FUZZ_RUNS ??= '100';

const needsBuild = [
  'test/cli.test.ts',
  'test/cli-hostile.test.ts',
  'test/cli-cache.test.ts',
  'test/scan.test.ts',
  'test/scan-workers.test.ts',
  'test/scan-cache.test.ts',
  'test/python/bundle.test.ts',
  'test/editor/analysis-worker-bundle.test.ts',
  'test/editor/page-worker-bundle.test.ts',
];

module.exports = { ...base, ignore: [...base.ignore, ...needsBuild] };
