import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test as base } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES_DIR } from '../html-check';
import { recordSent } from '../log-check';
import { oidcAppURL, oidcIssuer } from '../playwright.config';

export { expect };

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`);
}

/**
 * No axe-core violations (WCAG 2.2 A and AA, and best practice) on the page as it is now.
 * axe needs JavaScript, so for a page seen without it, axe checks a twin: the same HTML, with
 * its scripts taken out, at the same address with the same styles.
 */
export async function expectAccessible(page: Page) {
  if (test.info().project.use.javaScriptEnabled !== false) {
    expect(await axeViolations(page)).toEqual([]);
    return;
  }
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  try {
    const twin = await context.newPage();
    await twin.route('**/*', (route) => {
      const requested = route.request().url();
      if (requested === url) return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
      if (/\.(m?js|wasm)(\?|$)/.test(requested)) return route.abort();
      return route.continue();
    });
    await twin.goto(url);
    expect(await axeViolations(twin)).toEqual([]);
  } finally {
    await context.close();
  }
}

export const test = base.extend<{
  jsEnabled: boolean;
  noCspViolations: void;
  keepPages: void;
  recordSentData: void;
}>({
  jsEnabled: async ({ javaScriptEnabled }, use) => {
    await use(javaScriptEnabled !== false);
  },
  // Every test, every page: the browser reports no Content Security Policy violation (it logs
  // each one to the console as it blocks it).
  noCspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await use();
      expect(violations, 'Content Security Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  // Every test, every page of the service: kept as the server sent it, for the Nu Html Checker to read once
  // all tests are done (`html-check.ts`).
  keepPages: [
    async ({ page }, use, testInfo) => {
      const reads: Promise<void>[] = [];
      let n = 0;
      page.on('response', (response) => {
        // Ours: DfE Sign-in's stand-in's pages are not the service's.
        const isPage =
          !response.url().startsWith(oidcIssuer) &&
          response.request().resourceType() === 'document' &&
          (response.headers()['content-type'] ?? '').startsWith('text/html') &&
          !(response.status() >= 300 && response.status() < 400);
        if (!isPage) return;
        const name = `${testInfo.testId}-${testInfo.retry}-${n++}.html`;
        reads.push(
          response
            .text()
            .then((html) => writeFileSync(join(PAGES_DIR, name), html))
            // A page the browser left before it had arrived has nothing to check.
            .catch(() => undefined),
        );
      });
      await use();
      await Promise.all(reads);
    },
    { auto: true },
  ],
  // Every test: the names, addresses and search words the browser sends the service, for the
  // servers' logs to be searched for once all tests are done (`log-check.ts`).
  recordSentData: [
    async ({ page, baseURL }, use) => {
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(baseURL!) && !url.startsWith(oidcAppURL)) return;
        recordSent(url, request.headers()['content-type'] ?? '', request.postData());
      });
      await use();
    },
    { auto: true },
  ],
});

/** Signs in with development sign-in as the named persona. */
export async function signInAs(page: Page, fullName: string) {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: `Sign in as ${fullName}` }).click();
  await expect(page).toHaveURL(/\/users$/);
}

export const SERVICE = 'Register of training providers - GOV.UK';
