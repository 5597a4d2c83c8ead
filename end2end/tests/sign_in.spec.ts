import { expect, expectAccessible, SERVICE, signInAs, test } from './fixtures';

test('an anonymous visitor is asked to sign in, then lands where they were going', async ({ page }) => {
  await page.goto('/users?page=2');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page).toHaveTitle(`Sign in - ${SERVICE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Sign in as Colin Chapman' }).click();
  await expect(page).toHaveURL(/\/users\?page=2$/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('signing out ends the session', async ({ page }) => {
  await signInAs(page, 'Mary Lawson');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/users');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('GOV.UK Frontend runs only when JavaScript does', async ({ page, jsEnabled }) => {
  await page.goto('/sign-in');
  const body = page.locator('body');
  if (jsEnabled) {
    await expect(body).toHaveClass(/govuk-frontend-supported/);
  } else {
    await expect(body).not.toHaveClass(/govuk-frontend-supported/);
  }
});
