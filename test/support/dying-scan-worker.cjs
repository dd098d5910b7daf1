// A scan worker for tests: the real one (dist/scan-worker.js), in front of which this
// script dies on purpose, as a worker dies out of memory or in a native crash.
//   - a request with a file named *poison* kills it, every time;
//   - a request with a file named *flaky* kills it once (a marker file next to it remembers);
//   - with DYING_WORKER_ANALYZE_MARKER set, the first pass-2 request of the run kills it.
const fs = require('node:fs');
const path = require('node:path');
const { parentPort } = require('node:worker_threads');

parentPort.on('message', (request) => {
  const files = (request.files ?? []).map((item) => ('file' in item ? item.file : item));
  if (files.some((file) => file.relative.includes('poison'))) process.exit(70);
  const flaky = files.find((file) => file.relative.includes('flaky') && !fs.existsSync(`${file.absolute}.died`));
  if (flaky) {
    fs.writeFileSync(`${flaky.absolute}.died`, '');
    process.exit(71);
  }
  const marker = process.env.DYING_WORKER_ANALYZE_MARKER;
  if (request.type === 'analyze' && marker && !fs.existsSync(marker)) {
    fs.writeFileSync(marker, '');
    process.exit(72);
  }
});
require(path.join(__dirname, '..', '..', 'dist', 'scan-worker.js'));
