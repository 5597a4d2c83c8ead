import { expect, expectAccessible, SERVICE, signInAs, test } from './fixtures';

test('support users are listed in name order, 25 a page, with details a click away', async ({ page, jsEnabled }) => {
  await signInAs(page, 'Anne Wilson');

  await expect(page).toHaveTitle(`Support users - ${SERVICE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Support users \(\d+\)$/);
  await expect(page.getByRole('button', { name: 'Add user' })).toHaveAttribute('href', '/users/new');
  await expect(page.getByRole('columnheader')).toHaveText(['Name', 'Email address', 'Status', 'Last signed in']);
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(25);
  const names = await page.locator('tbody tr td:first-child').allTextContents();
  const key = (n: string) => n.toLowerCase();
  expect(names.map(key)).toEqual([...names].map(key).sort());
  await expectAccessible(page);

  // Links are ordinary links, with or without JavaScript: each page is loaded afresh, so a
  // screen reader announces it as a new page. (A mark left on this page is gone on the next.)
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1)).catch(() => {});
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\/users\?page=2$/);
  await expect(page.getByRole('link', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
  const secondPage = await page.locator('tbody tr td:first-child').allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(key(secondPage[0]) >= key(names[24])).toBe(true);
  if (jsEnabled) {
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
  }
  await expectAccessible(page);

  const name = secondPage[0];
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/\/users\/\d+$/);
  await expect(page).toHaveTitle(`View support user - ${SERVICE}`);
  await expect(page.locator('.govuk-caption-l')).toHaveText('Support user');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.locator('.govuk-summary-list__key')).toHaveText([
    'First name',
    'Last name',
    'Email address',
    'Is the account active?',
  ]);
  await expect(page.getByRole('link', { name: 'Change first name' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Delete user' })).toBeVisible();
  await expect(page.getByText('User has never signed in')).toBeVisible();
  await expectAccessible(page);
});

test('your own record cannot be changed or deleted', async ({ page }) => {
  await signInAs(page, 'Colin Chapman');
  await page.getByRole('link', { name: 'Colin Chapman' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Colin Chapman');
  await expect(page.getByRole('link', { name: /^Change/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Delete user' })).toHaveCount(0);
  await expect(page.getByText(/^Last signed in at \d{1,2}(:\d\d)?(am|pm) on \d{1,2} \w+ \d{4}$|^Last signed in at (midday|midnight) on/)).toBeVisible();
  await expectAccessible(page);
});

test('a page that does not exist is a GOV.UK 404 page', async ({ page }) => {
  await signInAs(page, 'Anne Wilson');
  for (const path of ['/users?page=999', '/users/999999', '/no-such-page']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page).toHaveTitle(`Page not found - ${SERVICE}`);
    await expectAccessible(page);
  }
});
