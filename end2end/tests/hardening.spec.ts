import { expect, expectAccessible, SERVICE, signInAs, test } from './fixtures';

test('a form posted to the service from another website is refused', async ({ page, baseURL }) => {
  await signInAs(page, 'Anne Wilson');
  // Another site's page (localhost is a different site from 127.0.0.1) with a form aimed at
  // the service: it would sign the person out.
  const elsewhere = baseURL!.replace('127.0.0.1', 'localhost');
  await page.route(`${elsewhere}/prize`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html><html lang="en"><head><title>Win a prize</title></head><body>
        <main><form method="post" action="${baseURL}/sign-out"><button>Claim your prize</button></form></main>
        </body></html>`,
    }),
  );
  await page.goto(`${elsewhere}/prize`);
  await page.getByRole('button', { name: 'Claim your prize' }).click();

  await expect(page).toHaveTitle(`Sorry, that request could not be completed - ${SERVICE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, that request could not be completed');
  await expect(page.getByText('It was sent from another website, so nothing has been changed.')).toBeVisible();
  await expectAccessible(page);

  // Nothing happened: still signed in.
  await page.goto('/users');
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
