import { expect, expectAccessible, SERVICE, signInAs, test } from './fixtures';

// Every email that did not arrive, in one place. The development data holds one: Zoe Abbott's
// invitation bounced.
test('emails not delivered are listed in one place, each with its user and reason', async ({ page }) => {
  await signInAs(page, 'Anne Wilson');
  await page.getByRole('link', { name: /^Emails not delivered \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/\/emails\/not-delivered$/);
  await expect(page).toHaveTitle(`Emails not delivered - ${SERVICE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emails not delivered');
  await expect(page.getByRole('columnheader')).toHaveText(['Email', 'User', 'Sent to', 'When', 'Reason']);
  const row = page.locator('tbody tr', { hasText: 'zoe.abbott@education.gov.uk' });
  await expect(row.locator('td').nth(0)).toHaveText('Invitation');
  await expect(row.locator('td').nth(4)).toHaveText('The email address does not exist or is wrong');
  await expectAccessible(page);

  // The user's page says so too.
  await row.getByRole('link', { name: 'Zoe Abbott' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zoe Abbott');
  await expect(page.locator('.app-history__item h3').first()).toHaveText(
    'Invitation not delivered to zoe.abbott@education.gov.uk',
  );
  await expectAccessible(page);

  // Back to the list.
  await page.goto('/emails/not-delivered');
  await page.getByRole('link', { name: 'Back' }).click();
  await expect(page).toHaveURL(/\/users$/);
});
