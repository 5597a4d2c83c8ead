import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Every page the browser tests are served, as the server sent it, is kept here (see
 * `fixtures.ts`) and checked once at the end by the Nu Html Checker (npm's `vnu-jar`, on
 * Debian's Java): one run over all of them, as starting Java for each page would take longer
 * than the tests.
 */
export const PAGES_DIR = join(__dirname, '.html-pages');

export function emptyPagesDir() {
  rmSync(PAGES_DIR, { recursive: true, force: true });
  mkdirSync(PAGES_DIR, { recursive: true });
}

/** Throws, naming each page and error, unless every kept page is valid HTML. */
export function checkPages() {
  const pages = readdirSync(PAGES_DIR).filter((name) => name.endsWith('.html'));
  if (pages.length === 0) throw new Error(`no pages were kept in ${PAGES_DIR} to check`);
  const vnu = join(dirname(require.resolve('vnu-jar')), 'build', 'dist', 'vnu.jar');
  try {
    execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'gnu', PAGES_DIR], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the Nu Html Checker found errors in the pages served:\n${stderr ?? ''}${stdout ?? ''}`);
  }
  console.log(`Nu Html Checker: ${pages.length} pages, no errors`);
}
