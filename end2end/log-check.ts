import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * SPEC §10: nothing personal in the logs at `info` and above. The browser tests' servers log at
 * `info` into this folder (`playwright.config.ts`); at the end, their logs are searched for
 * every name and email address the service holds and every name, address and search word the
 * browser sent it.
 */
export const LOGS_DIR = join(__dirname, '.server-logs');
/** What the browser sent (`fixtures.ts`), a value a line. */
const SENT = join(LOGS_DIR, 'sent.txt');
/** Each server's log, and the SQLite file its data is in. */
const SERVERS = [
  { log: join(LOGS_DIR, 'app.log'), database: join(__dirname, '.data', 'rotp.sqlite3') },
  { log: join(LOGS_DIR, 'oidc-app.log'), database: join(__dirname, '.data-oidc', 'rotp.sqlite3') },
];

/** The form fields and query parameters that carry personal data: names, addresses, searches. */
const PERSONAL_FIELD = /(^|\[)(q|first_name|last_name|email)\]?$/;

/** What an earlier run sent is not this run's to look for. */
export function forgetSent() {
  rmSync(SENT, { force: true });
}

/** Keeps the personal values of a request the browser sent one of the service's servers. */
export function recordSent(url: string, contentType: string, body: string | null) {
  const fields = [...new URL(url).searchParams];
  if (body && contentType.startsWith('application/x-www-form-urlencoded')) {
    fields.push(...new URLSearchParams(body));
  }
  const values = fields
    .filter(([name]) => PERSONAL_FIELD.test(name))
    .map(([, value]) => value.replace(/\s+/g, ' ').trim())
    .filter((value) => value !== '');
  if (values.length > 0) appendFileSync(SENT, values.map((value) => `${value}\n`).join(''));
}

/** The letters and digits of `text`, a word at a time. */
function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

function urlDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Every user's names and address in a server's database (Python's sqlite3, read-only). */
function heldBy(database: string): string[] {
  const dump = `
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for row in db.execute("SELECT first_name, last_name, email FROM users"):
    for value in row:
        print(value)`;
  return execFileSync('python3', ['-c', dump, database], { encoding: 'utf8' }).split('\n');
}

/** Throws, naming each word and the line it is in, if a server logged anything personal. */
export function checkLogs() {
  const values = new Set<string>();
  const add = (value: string) => {
    const trimmed = value.trim().toLowerCase();
    if (trimmed !== '') values.add(trimmed);
  };
  if (existsSync(SENT)) readFileSync(SENT, 'utf8').split('\n').forEach(add);
  for (const { database } of SERVERS) heldBy(database).forEach(add);
  // Each value is looked for as it is, between characters that are not letters or digits: a
  // search for "nobody at all" is not found in "Applying all pending migrations", and a name
  // such as "Ada" is not found in a request id's hex. Three characters or more.
  const notWord = '[^\\p{L}\\p{N}]';
  const byFirstWord = new Map<string, { value: string; pattern: RegExp }[]>();
  for (const value of values) {
    if (value.length < 3) continue;
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(^|${notWord})${escaped}($|${notWord})`, 'mu');
    const first = words(value)[0];
    if (first === undefined) continue;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), { value, pattern }]);
  }
  if (byFirstWord.size === 0) throw new Error('nothing personal was found to look for');

  const found: string[] = [];
  let lines = 0;
  for (const { log } of SERVERS) {
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      if (line === '') continue;
      lines += 1;
      // Colour codes, had a server written any, would hide a word behind an "m"; a value in
      // an address (a query string) is URL-encoded.
      const lower = line.replace(/\x1b\[[0-9;]*m/g, '').toLowerCase();
      const text = `${lower}\n${urlDecoded(lower)}`;
      const leaked = new Set<string>();
      for (const word of new Set(words(text))) {
        for (const { value, pattern } of byFirstWord.get(word) ?? []) {
          if (pattern.test(text)) leaked.add(value);
        }
      }
      for (const value of leaked) found.push(`${value}: ${line}`);
    }
  }
  if (lines === 0) throw new Error(`the servers logged nothing in ${LOGS_DIR}`);
  if (found.length > 0) throw new Error(`the servers logged personal data:\n${found.join('\n')}`);
  console.log(`Server logs: ${lines} lines at info, none with any of ${values.size} names, addresses and search words`);
}
