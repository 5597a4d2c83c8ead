import { emptyPagesDir } from './html-check';
import { forgetSent } from './log-check';

/** Pages kept, and values sent, by an earlier run are not this run's to check. */
export default async function setup() {
  emptyPagesDir();
  forgetSent();
}
