// Lighthouse 12 (its default: the mobile preset, simulated slow 4G and 4x CPU) on the pages
// given, in Debian's chromium: each page on a first visit (empty cache) and again on a repeat
// visit in the same browser (its cache kept). Prints one JSON object of the results.
// Usage: node run.mjs <cookie header> <name>=<url> ...   (a name starting "anonymous:" gets no cookie)
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const [cookie, ...pages] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

async function audit(url, headers, repeat) {
  const { lhr } = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    extraHeaders: headers,
    disableStorageReset: repeat,
  });
  const number = (id) => Math.round(lhr.audits[id].numericValue);
  const requests = lhr.audits['network-requests'].details.items;
  return {
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    bytes: number('total-byte-weight'),
    requests: requests.length,
    wasm: requests.some((r) => r.url.endsWith('.wasm')),
    fcp_ms: number('first-contentful-paint'),
    lcp_ms: number('largest-contentful-paint'),
    transferred: requests.map((r) => [new URL(r.url).pathname, r.transferSize]),
  };
}

const results = {};
try {
  for (const page of pages) {
    const [name, url] = page.split(/=(.*)/s);
    const headers = name.startsWith('anonymous:') ? {} : { Cookie: cookie };
    const first = await audit(url, headers, false);
    const repeat = await audit(url, headers, true);
    results[name.replace(/^anonymous:/, '')] = { url, first, repeat };
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify(results));
