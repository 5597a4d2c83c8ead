import { Page } from '@playwright/test';
import { expect, expectAccessible, SERVICE, signInAs, test } from './fixtures';

// SPEC §7: find, review and re-invite. Both projects share one server: each resends, changes
// and adds users of its own.
const people = {
  'js-on': { resend: 'Oscar Underwood', change: 'Rosie Vaughan', add: 'ada.findjs@education.gov.uk' },
  'js-off': { resend: 'Priya Patel', change: 'Samuel Walker', add: 'ada.findnojs@education.gov.uk' },
} as const;

async function search(page: Page, q: string, show?: string) {
  await page.getByLabel('Search by name or email address').fill(q);
  if (show) await page.getByLabel('Show').selectOption({ label: show });
  await page.getByRole('button', { name: 'Search' }).click();
}

async function openUser(page: Page, fullName: string) {
  await page.goto('/users');
  await search(page, fullName);
  await page.getByRole('link', { name: fullName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fullName);
}

test('the list is searched and filtered, and what it shows downloads as CSV', async ({ page }) => {
  await signInAs(page, 'Anne Wilson');
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  await expect(page.getByRole('columnheader')).toHaveText(['Name', 'Email address', 'Status', 'Last signed in']);
  await expect(page.getByRole('search')).toBeVisible();
  await expectAccessible(page);

  await search(page, '  JONES ');
  await expect(page).toHaveURL(/\/users\?q=\+*JONES\+*&show=all$/);
  await expect(page).toHaveTitle(`Support users - ${SERVICE}`);
  // The heading still counts everyone.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading!);
  await expect(page.locator('.app-search-result')).toHaveText('1 support user found Clear search');
  await expect(page.locator('tbody tr td:first-child')).toHaveText(['Grace Jones']);
  await expect(page.locator('tbody tr td:nth-child(3)')).toHaveText(['Active']);
  await expect(page.locator('tbody tr td:nth-child(4)')).toHaveText(['Never']);
  await expect(page.getByLabel('Search by name or email address')).toHaveValue('JONES');
  await expectAccessible(page);

  // The link downloads what the list shows. (The file is fetched with the page's cookies:
  // Debian's headless chromium cancels downloads.)
  const link = page.getByRole('link', { name: 'Download as CSV' });
  await expect(link).toHaveAttribute('download', 'support-users.csv');
  const response = await page.request.get((await link.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-disposition']).toBe('attachment; filename="support-users.csv"');
  const csv = await response.text();
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('First name,Last name,Email address,Status,Last signed in,Added on');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^Grace,Jones,grace\.jones@education\.gov\.uk,Active,,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  await page.getByRole('link', { name: 'Clear search' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.locator('.app-search-result')).toHaveCount(0);

  await search(page, '', 'Never signed in');
  await expect(page.getByLabel('Show')).toHaveValue('never');
  await expect(page.locator('.app-search-result')).toHaveText(/^\d+ support users found Clear search$/);
  const lastSignedIn = await page.locator('tbody tr td:nth-child(4)').allTextContents();
  expect(lastSignedIn.length).toBeGreaterThan(0);
  expect(new Set(lastSignedIn)).toEqual(new Set(['Never']));
  await expectAccessible(page);

  await search(page, 'nobody at all');
  await expect(page.locator('.app-search-result')).toHaveText('No support users found Clear search');
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectAccessible(page);
});

test('an invitation is sent again, once in 5 minutes, and the details page lists it', async ({ page }, info) => {
  const { resend } = people[info.project.name as keyof typeof people];
  await signInAs(page, 'Anne Wilson');
  await openUser(page, resend);
  const details = page.url();
  const emails = page.getByRole('region', { name: 'Emails' });
  await expect(emails.getByText('No emails have been sent to this support user.')).toBeVisible();

  await page.getByRole('button', { name: 'Resend invitation' }).click();
  await expect(page).toHaveURL(details);
  await expect(page.locator('.govuk-notification-banner__heading')).toHaveText('Invitation sent');
  await expect(emails.getByRole('columnheader')).toHaveText(['Email', 'Sent to', 'Status']);
  const [first, last] = resend.toLowerCase().split(' ');
  await expect(emails.locator('tbody tr td:nth-child(-n+2)')).toHaveText([
    'Invitation',
    `${first}.${last}@education.gov.uk`,
  ]);
  await expect(emails.locator('.govuk-tag')).toHaveText(/^(Queued|Sending|Sent)$/);
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.locator('.app-history__item h3').first()).toHaveText('Invitation sent again by Anne Wilson');
  await expectAccessible(page);

  // The email is logged in development: it ends "Sent".
  await expect(async () => {
    await page.goto(details);
    await expect(emails.locator('.govuk-tag')).toHaveText('Sent', { timeout: 500 });
  }).toPass({ timeout: 10_000 });

  await page.getByRole('button', { name: 'Resend invitation' }).click();
  await expect(page).toHaveURL(/\/problem\/resend-too-soon$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, there is a problem completing this action');
  await expect(
    page.getByText('An invitation was sent to this user less than 5 minutes ago. Wait a few minutes, then try again.'),
  ).toBeVisible();
  await expectAccessible(page);
});

test('the check and confirm pages say who will be emailed', async ({ page }, info) => {
  const { change, add } = people[info.project.name as keyof typeof people];
  await signInAs(page, 'Anne Wilson');

  await page.goto('/users/new');
  for (const label of ['First name', 'Last name', 'Email address']) {
    await expect(page.getByLabel(label)).toHaveAttribute('autocomplete', 'off');
    await expect(page.getByLabel(label)).toHaveAttribute('spellcheck', 'false');
  }
  await expect(page.getByLabel('Email address')).toHaveAttribute('type', 'email');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email address').fill(add);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/users\/new\/check$/);
  await expect(page.locator('.govuk-inset-text')).toHaveText(
    'Ada Lovelace will be sent an email to tell them you’ve added them to the Register of training providers.',
  );
  await expectAccessible(page);

  await openUser(page, change);
  await page.getByRole('link', { name: 'Change email address' }).click();
  const [first] = change.toLowerCase().split(' ');
  await page.getByLabel('Email address').fill(`${first}.moved@education.gov.uk`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/users\/\d+\/check$/);
  await expect(page.locator('.govuk-inset-text')).toHaveText(
    `${first}.moved@education.gov.uk will be sent an email with sign-in details.`,
  );
  await expectAccessible(page);

  await openUser(page, 'Thomas Young');
  await page.getByRole('link', { name: 'Delete user' }).click();
  await expect(page.getByText('Thomas Young will be sent an email to tell them they have been removed.')).toBeVisible();
  await expectAccessible(page);
});
