import { emptyPagesDir } from './html-check';

/** Pages kept by an earlier run are not this run's to check. */
export default async function setup() {
  emptyPagesDir();
}
