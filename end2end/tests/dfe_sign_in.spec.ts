import { Page } from '@playwright/test';
import { oidcAppURL, oidcIssuer } from '../playwright.config';
import { expect, expectAccessible, SERVICE, test } from './fixtures';

// These run against the second server, which signs in with DfE Sign-in's stand-in.
test.use({ baseURL: oidcAppURL });

// Both projects share that server: each signs in and deletes people of its own.
const people = {
  'js-on': {
    member: 'harry.king',
    memberName: 'Harry King',
    removed: 'jack.morgan',
    removedName: 'Jack Morgan',
    leaver: 'olivia.taylor',
    leaverName: 'Olivia Taylor',
  },
  'js-off': {
    member: 'isla.lewis',
    memberName: 'Isla Lewis',
    removed: 'james.nolan',
    removedName: 'James Nolan',
    leaver: 'oscar.underwood',
    leaverName: 'Oscar Underwood',
  },
} as const;

/** Opens the details page of the user of that name, on whichever page of the list. */
async function openUser(page: Page, fullName: string) {
  for (const n of [1, 2]) {
    await page.goto(`/users?page=${n}`);
    const link = page.getByRole('link', { name: fullName, exact: true });
    if ((await link.count()) > 0) {
      await link.click();
      return;
    }
  }
  throw new Error(`${fullName} is not on the list`);
}

/** From our sign-in page, through DfE Sign-in's pages, back to the service. */
async function signInWithDfe(page: Page, login: string) {
  await page.getByRole('button', { name: 'Sign in with DfE Sign-in' }).click();
  await completeAtProvider(page, login);
}

/** At the provider: sign in (any password) and agree, unless it remembers either. */
async function completeAtProvider(page: Page, login: string) {
  for (let step = 0; step < 4; step++) {
    await page.waitForLoadState();
    if (!page.url().startsWith(oidcIssuer)) return;
    const loginField = page.locator('input[name="login"]');
    if (await loginField.isVisible()) {
      await loginField.fill(login);
      await page.locator('input[name="password"]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
    } else {
      await page.getByRole('button', { name: 'Continue' }).click();
    }
  }
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  // DfE Sign-in asks to end its session too, then sends the person back to sign-in.
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

async function signInPage(page: Page, path = '/users') {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in$/);
}

test('a support user signs in with DfE Sign-in, lands where they were going, and their details are then locked', async ({ page }, info) => {
  const { member, memberName } = people[info.project.name as keyof typeof people];
  await signInPage(page, '/users?page=2');
  await expect(page).toHaveTitle(`Sign in - ${SERVICE}`);
  await expect(page.getByRole('button', { name: /^Sign in as / })).toHaveCount(0);
  await expectAccessible(page);

  await signInWithDfe(page, member);
  await expect(page).toHaveURL(/\/users\?page=2$/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await signOut(page);

  // Someone else looks them up: the sign-in is recorded and their details are DfE Sign-in's now.
  await signInWithDfe(page, 'anne.wilson');
  await expect(page).toHaveURL(/\/users$/);
  await openUser(page, memberName);
  await expect(page.getByText(/^Last signed in at /)).toBeVisible();
  await expect(page.getByRole('link', { name: /^Change (first name|last name|email address)$/ })).toHaveCount(0);
  // Their account can still be switched off, and anyone but yourself can be removed.
  await expect(page.getByRole('link', { name: 'Change whether the account is active' })).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Delete user' })).toHaveCount(1);
  await expectAccessible(page);
  await signOut(page);
});

test('an account that is not a support user gets the no-access page', async ({ page }) => {
  await signInPage(page);
  await signInWithDfe(page, 'nobody.here');
  await expect(page).toHaveTitle(`You do not have access to this service - ${SERVICE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this service');
  await expect(page.getByText('Ask the Register of training providers support team')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/users');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a leaver who has signed in is deleted, and their open session ends at once', async ({ page, browser }, info) => {
  const { leaver, leaverName } = people[info.project.name as keyof typeof people];
  // The leaver is signed in, in a browser of their own, when support staff remove them.
  const theirs = await browser.newContext({ javaScriptEnabled: info.project.use.javaScriptEnabled });
  const leaverPage = await theirs.newPage();
  try {
    await signInPage(leaverPage);
    await signInWithDfe(leaverPage, leaver);
    await expect(leaverPage).toHaveURL(/\/users$/);

    // (Anne: Mary deletes someone in another test, and one person deletes at most 3 users in
    // 3 minutes.)
    await signInPage(page);
    await signInWithDfe(page, 'anne.wilson');
    await openUser(page, leaverName);
    await expect(page.getByText(/^Last signed in at /)).toBeVisible();
    await page.getByRole('link', { name: 'Delete user' }).click();
    await expect(page).toHaveTitle(`Confirm you want to delete support user - ${SERVICE}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Confirm you want to delete ${leaverName}`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Delete user' }).click();
    await expect(page).toHaveURL(/\/users$/);
    await expect(page.locator('.govuk-notification-banner__heading')).toHaveText('Support user deleted');
    await expect(page.getByRole('link', { name: leaverName })).toHaveCount(0);
    await expectAccessible(page);
    await signOut(page);

    // Their next click finds them signed out.
    await leaverPage.goto('/users');
    await expect(leaverPage).toHaveURL(/\/sign-in$/);
  } finally {
    await theirs.close();
  }
});

test('a deleted support user cannot sign in', async ({ page }, info) => {
  const { removed, removedName } = people[info.project.name as keyof typeof people];
  await signInPage(page);
  await signInWithDfe(page, 'mary.lawson');
  for (const n of [1, 2]) {
    await page.goto(`/users?page=${n}`);
    if ((await page.getByRole('link', { name: removedName }).count()) > 0) break;
  }
  await page.getByRole('link', { name: removedName }).click();
  await page.getByRole('link', { name: 'Delete user' }).click();
  await page.getByRole('button', { name: 'Delete user' }).click();
  await expect(page.locator('.govuk-notification-banner__heading')).toHaveText('Support user deleted');
  await signOut(page);

  await signInWithDfe(page, removed);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this service');
});

test('a tampered state, a wrong nonce and a replayed callback are refused', async ({ page }) => {
  const refused = async () => {
    await expect(page).toHaveTitle(`Sorry, we could not sign you in - ${SERVICE}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, we could not sign you in');
    await expect(page.getByRole('link', { name: 'Try signing in again' })).toHaveAttribute('href', '/sign-in');
  };
  /** Starts a sign-in, and returns the address it sent the browser to at DfE Sign-in. */
  const startSignIn = async () => {
    await page.goto('/sign-in');
    const authorize = page.waitForRequest((r) => r.url().startsWith(`${oidcIssuer}/auth?`));
    await page.getByRole('button', { name: 'Sign in with DfE Sign-in' }).click();
    return new URL((await authorize).url());
  };

  // The state coming back is not the one this session sent.
  let url = await startSignIn();
  url.searchParams.set('state', 'forged-state');
  await page.goto(url.toString());
  await completeAtProvider(page, 'anne.wilson');
  await refused();
  await expectAccessible(page);

  // The ID token answers another request (its nonce is not this session's).
  url = await startSignIn();
  url.searchParams.set('nonce', 'someone-elses-nonce');
  await page.goto(url.toString());
  await completeAtProvider(page, 'anne.wilson');
  await refused();

  // A good sign-in's callback, used a second time. (DfE Sign-in may remember the person and
  // come straight back, so listen for the callback before starting.)
  const callback = page.waitForRequest((r) => r.url().includes('/auth/dfe/callback?'));
  await startSignIn();
  await completeAtProvider(page, 'anne.wilson');
  await expect(page).toHaveURL(/\/users$/);
  const used = (await callback).url();
  await page.goto(used);
  await refused();
});

test('DfE Sign-in rotates its signing keys: the next sign-in works without a restart', async ({ page, request }, info) => {
  // The service fetches DfE Sign-in's keys again at most once a minute, and both projects
  // share one server and one provider: one rotation a run. (Nothing here needs JavaScript.)
  test.skip(info.project.name !== 'js-on', 'one key rotation a run');
  await signInPage(page);
  await signInWithDfe(page, 'anne.wilson');
  await expect(page).toHaveURL(/\/users$/);
  await signOut(page);

  const rotated = await request.post(`${oidcIssuer}/test/rotate-keys`);
  expect(rotated.status()).toBe(204);

  // Its ID tokens are now signed with a key the service has never seen.
  await signInWithDfe(page, 'anne.wilson');
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
