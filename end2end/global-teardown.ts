import { checkPages } from './html-check';
import { checkLogs } from './log-check';

/** Once every test is done: the pages served are valid HTML, and nothing personal was logged. */
export default async function teardown() {
  const failures: string[] = [];
  for (const check of [checkPages, checkLogs]) {
    try {
      check();
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}
