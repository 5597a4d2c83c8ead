import { Page } from '@playwright/test';
import { expect, expectAccessible, SERVICE, signInAs, test } from './fixtures';

// Both projects share one server: each changes and deletes seeded users of its own.
const people = {
  'js-on': { change: 'Harry King', remove: 'Jack Morgan', twoTabs: 'Lucy Quinn' },
  'js-off': { change: 'Isla Lewis', remove: 'James Nolan', twoTabs: 'Noah Shaw' },
} as const;

/** Opens the details page of the user of that name, on whichever page of the list. */
async function openUser(page: Page, fullName: string) {
  for (let n = 1; n <= 5; n++) {
    await page.goto(`/users?page=${n}`);
    const link = page.getByRole('link', { name: fullName, exact: true });
    if ((await link.count()) > 0) {
      await link.click();
      return;
    }
  }
  throw new Error(`${fullName} is not on the list`);
}

test("a user's details are changed through check your answers", async ({ page }, info) => {
  const { change } = people[info.project.name as keyof typeof people];
  const [first] = change.split(' ');
  await signInAs(page, 'Mary Lawson');
  await page.goto('/users');
  await page.getByRole('link', { name: change }).click();
  await expect(page.getByText('User has never signed in')).toBeVisible();

  await page.getByRole('link', { name: 'Change last name' }).click();
  await expect(page).toHaveURL(/\/users\/\d+\/edit\?change=last-name/);
  await expect(page).toHaveTitle(`Change support user - personal details - ${SERVICE}`);
  await expect(page.locator('.govuk-caption-l')).toHaveText(`Support user - ${change}`);
  await expect(page.getByLabel('Last name')).toBeFocused();
  await expectAccessible(page);

  await page.getByLabel('Last name').fill('Changed');
  await page.getByLabel('Email address').fill(`${first.toLowerCase()}.changed@education.gov.uk`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/users\/\d+\/check$/);
  await expect(page).toHaveTitle(`Check your answers - Change support user - ${SERVICE}`);
  await expect(page.locator('.govuk-summary-list__value')).toHaveText([
    first,
    'Changed',
    `${first.toLowerCase()}.changed@education.gov.uk`,
    'Yes',
  ]);
  await expectAccessible(page);

  // "Change" from the check page goes back to the form and then returns.
  await page.getByRole('link', { name: 'Change first name' }).click();
  await expect(page.getByLabel('First name')).toBeFocused();
  await expect(page.getByLabel('Last name')).toHaveValue('Changed');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/users\/\d+\/check$/);

  await page.getByRole('button', { name: 'Save user' }).click();
  await expect(page).toHaveURL(/\/users\/\d+$/);
  await expect(page.locator('.govuk-notification-banner__heading')).toHaveText('Support user updated');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${first} Changed`);
  await expect(page.locator('.govuk-summary-list__value').nth(2)).toHaveText(
    `${first.toLowerCase()}.changed@education.gov.uk`,
  );

  // The change is the newest entry of the user's history, with who made it.
  const history = page.getByRole('region', { name: 'History' });
  const newest = history.locator('.app-history__item').first();
  await expect(newest.getByRole('heading', { level: 3 })).toHaveText('Changed by Mary Lawson');
  await expect(newest.locator('li')).toHaveText([
    `Last name changed from ${change.split(' ')[1]} to Changed`,
    new RegExp(`^Email address changed from .+ to ${first.toLowerCase()}\\.changed@education\\.gov\\.uk$`),
  ]);
  await expect(newest.locator('.app-history__when')).toContainText(' on ');
  await expectAccessible(page);
});

test('a user is deleted after confirming', async ({ page }, info) => {
  const { remove } = people[info.project.name as keyof typeof people];
  await signInAs(page, 'Mary Lawson');
  await page.goto('/users');
  await page.getByRole('link', { name: remove }).click();
  const detailsUrl = page.url();

  await page.getByRole('link', { name: 'Delete user' }).click();
  await expect(page).toHaveURL(/\/users\/\d+\/delete$/);
  await expect(page).toHaveTitle(`Confirm you want to delete support user - ${SERVICE}`);
  await expect(page.locator('.govuk-caption-l')).toHaveText('Delete support user');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Confirm you want to delete ${remove}`);
  await expect(page.locator('.govuk-warning-text__text')).toContainText(
    'Deleting a user is permanent – you cannot undo it.',
  );
  await expect(page.getByRole('link', { name: 'Cancel' })).toHaveAttribute('href', new URL(detailsUrl).pathname);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Delete user' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.locator('.govuk-notification-banner__heading')).toHaveText('Support user deleted');
  await expect(page.getByRole('link', { name: remove })).toHaveCount(0);
  await expectAccessible(page);

  const response = await page.goto(detailsUrl);
  expect(response?.status()).toBe(404);
});

test('a signed-in user and your own record offer no change', async ({ page }) => {
  await signInAs(page, 'Mary Lawson');
  await page.goto('/users');
  await page.getByRole('link', { name: 'Mary Lawson' }).click();
  const editUrl = `${new URL(page.url()).pathname}/edit`;
  await expect(page.getByRole('link', { name: /^Change/ })).toHaveCount(0);
  const response = await page.goto(editUrl);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot change or delete this support user');
  await expectAccessible(page);
});

test('two tabs: "Save user" on a change saves the answers its page showed', async ({ page, context }, info) => {
  const { twoTabs } = people[info.project.name as keyof typeof people];
  const [first, last] = twoTabs.split(' ');
  await signInAs(page, 'Mary Lawson');
  await openUser(page, twoTabs);
  const details = page.url();
  await page.getByRole('link', { name: 'Change last name' }).click();
  await page.getByLabel('Last name').fill(`${last}-A`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-summary-list__value').nth(1)).toHaveText(`${last}-A`);

  const tabB = await context.newPage();
  await tabB.goto(details);
  await tabB.getByRole('link', { name: 'Change last name' }).click();
  await tabB.getByLabel('Last name').fill(`${last}-B`);
  await tabB.getByRole('button', { name: 'Continue' }).click();
  await expect(tabB.locator('.govuk-summary-list__value').nth(1)).toHaveText(`${last}-B`);

  await page.getByRole('button', { name: 'Save user' }).click();
  await expect(page).toHaveURL(/\/users\/\d+\/check$/);
  await expect(page.locator('.govuk-notification-banner__heading')).toHaveText(
    'Your answers were changed in another tab or window. Check them before you save.',
  );
  await expect(page.locator('.govuk-summary-list__value').nth(1)).toHaveText(`${last}-B`);
  await expectAccessible(page);
  await page.goto(details);
  await expect(page.locator('.govuk-summary-list__value').nth(1)).toHaveText(last);

  // The page now shows B's answers; saving them saves B's.
  await tabB.getByRole('button', { name: 'Save user' }).click();
  await expect(tabB).toHaveURL(details);
  await expect(tabB.locator('.govuk-notification-banner__heading')).toHaveText('Support user updated');
  await expect(tabB.getByRole('heading', { level: 1 })).toHaveText(`${first} ${last}-B`);
});
