import { Page } from '@playwright/test';
import { expect, expectAccessible, SERVICE, signInAs, test } from './fixtures';

const FORM_TITLE = `Add support user - personal details - ${SERVICE}`;
const EMAIL_INVALID =
  'Enter a Department for Education email address in the correct format, like name@education.gov.uk';

/** Fills the personal details form. */
async function fill(page: Page, first: string, last: string, email: string) {
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('Email address').fill(email);
}

/** How many rows of the support users list, over all its pages, show `email`. */
async function onTheList(page: Page, email: string) {
  let found = 0;
  for (let n = 1; ; n++) {
    const response = await page.goto(`/users?page=${n}`);
    if (!response || response.status() === 404) return found;
    found += await page.getByRole('cell', { name: email, exact: true }).count();
  }
}

/** The error summary's messages and where each links. */
async function errorSummary(page: Page) {
  const links = page.locator('.govuk-error-summary__list a');
  const texts = await links.allTextContents();
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return texts.map((t, i) => [t.trim(), hrefs[i]]);
}

test('a support user is added through check your answers', async ({ page }, info) => {
  // Unique per project: both projects share one server.
  const email = `aaron.${info.project.name}@education.gov.uk`;
  await signInAs(page, 'Anne Wilson');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page).toHaveURL(/\/users\/new$/);
  await expect(page).toHaveTitle(FORM_TITLE);
  await expect(page.locator('.govuk-caption-l')).toHaveText('Add support user');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Personal details');
  await expect(page.locator('#email-hint')).toHaveText(
    'Email address must be a valid Department for Education address, like name@education.gov.uk',
  );
  await expect(page.getByRole('link', { name: 'Back' })).toHaveAttribute('href', '/users');
  await expect(page.getByRole('link', { name: 'Cancel' })).toHaveAttribute('href', '/users');
  await expectAccessible(page);

  await fill(page, ' Aaron ', 'Smith', ` ${email.toUpperCase()} `);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/users\/new\/check$/);
  await expect(page).toHaveTitle(`Check your answers - Add support user - ${SERVICE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers');
  await expect(page.locator('.govuk-summary-list__value')).toHaveText(['Aaron', 'Smith', email]);
  await expectAccessible(page);

  // Change an answer: back to the form with the answers kept, then straight back here.
  await page.getByRole('link', { name: 'Change last name' }).click();
  await expect(page).toHaveURL(/\/users\/new\?change=last-name/);
  await expect(page.getByLabel('First name')).toHaveValue('Aaron');
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await page.getByLabel('Last name').fill('Smyth');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/users\/new\/check$/);
  await expect(page.locator('.govuk-summary-list__value')).toHaveText(['Aaron', 'Smyth', email]);

  await page.getByRole('button', { name: 'Save user' }).click();
  await expect(page).toHaveURL(/\/users$/);
  const banner = page.locator('.govuk-notification-banner--success');
  await expect(banner.locator('.govuk-notification-banner__title')).toHaveText('Success');
  await expect(banner.locator('.govuk-notification-banner__heading')).toHaveText('Support user added');
  await expect(page.getByRole('link', { name: 'Aaron Smyth' }).first()).toBeVisible();
  await expectAccessible(page);

  // The banner is shown once.
  await page.reload();
  await expect(page.locator('.govuk-notification-banner')).toHaveCount(0);

  // In development no email leaves: the footer leads to what would have been sent.
  await page.getByRole('link', { name: 'Emails sent (development)' }).click();
  await expect(page).toHaveURL(/\/dev\/emails$/);
  await expect(page).toHaveTitle(`Emails sent - ${SERVICE}`);
  const invitation = page.locator('.app-email').filter({ hasText: email });
  await expect(invitation.locator('.govuk-summary-card__title')).toHaveText(
    '[DEVELOPMENT] You have been added to the Register of training providers support area',
  );
  await expect(invitation.locator('.govuk-summary-list__value').first()).toHaveText(email);
  await expect(invitation.locator('.app-email__body')).toContainText('Dear Aaron,');
  await expect(invitation.locator('.app-email__body')).toContainText(`^ ${email}`);
  await expectAccessible(page);
});

test('every error is shown, linked from the summary, with what was typed kept', async ({ page, jsEnabled }) => {
  await signInAs(page, 'Colin Chapman');
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/users/new/continue')) posts.push(r.url());
  });

  await page.goto('/users/new');
  // The form is checked in the browser once its island is live (it loads when the page is idle).
  if (jsEnabled) await page.locator('form[data-checks-answers]').waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveTitle(`Error: ${FORM_TITLE}`);
  await expect(page.locator('.govuk-error-summary__title')).toHaveText('There is a problem');
  expect(await errorSummary(page)).toEqual([
    ['Enter first name', '#first-name'],
    ['Enter last name', '#last-name'],
    ['Enter email address', '#email'],
  ]);
  await expect(page.locator('.govuk-error-message')).toHaveText([
    'Error: Enter first name',
    'Error: Enter last name',
    'Error: Enter email address',
  ]);
  await expect(page.locator('.govuk-error-summary')).toBeFocused();
  await expectAccessible(page);
  // With JavaScript, the browser checked the answers itself: nothing was sent.
  expect(posts.length).toBe(jsEnabled ? 0 : 1);

  await fill(page, 'x'.repeat(256), 'y'.repeat(256), 'someone@education.gov.uk.evil.com');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-error-summary__list a')).toHaveText([
    'First name must be 255 characters or fewer',
    'Last name must be 255 characters or fewer',
    EMAIL_INVALID,
  ]);
  await expect(page.getByLabel('Email address')).toHaveValue('someone@education.gov.uk.evil.com');

  // A name GOV.UK Notify would make a link in an email: refused, in the browser and on the server.
  await fill(page, 'https://evil.example', 'www.evil.example', 'ada.link@education.gov.uk');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-error-summary__list a')).toHaveText([
    'First name must not include a web address or email address',
    'Last name must not include a web address or email address',
  ]);

  // An address in use: only the server knows, so the message comes back from it.
  await fill(page, 'Ben', 'Carter', 'BEN.CARTER@education.gov.uk');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-error-summary__list a')).toHaveText(['Email address already in use']);
  await expect(page.locator('#email-error')).toHaveText('Error: Email address already in use');
  await expect(page.getByLabel('First name')).toHaveValue('Ben');
  await expect(page).toHaveTitle(`Error: ${FORM_TITLE}`);
  await expectAccessible(page);

  // Following a summary link reaches its field: without JavaScript the page moves to it; with
  // it, GOV.UK Frontend's error summary puts the cursor in the field, its label in view.
  await page.locator('.govuk-error-summary__list a').first().click();
  if (jsEnabled) {
    await expect(page.getByLabel('Email address')).toBeFocused();
  } else {
    await expect(page).toHaveURL(/#email$/);
  }
});

test('two tabs: "Save user" saves the answers its page showed, or shows the new ones', async ({ page, context }, info) => {
  const ada = `ada.tabs.${info.project.name}@education.gov.uk`;
  const bob = `bob.tabs.${info.project.name}@education.gov.uk`;
  await signInAs(page, 'Anne Wilson');
  // Tab A checks Ada.
  await page.goto('/users/new');
  await fill(page, 'Ada', 'Tabs', ada);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-summary-list__value')).toHaveText(['Ada', 'Tabs', ada]);

  // Tab B, in the same browser, continues with Bob.
  const tabB = await context.newPage();
  await tabB.goto('/users/new');
  await fill(tabB, 'Bob', 'Tabs', bob);
  await tabB.getByRole('button', { name: 'Continue' }).click();
  await expect(tabB.locator('.govuk-summary-list__value')).toHaveText(['Bob', 'Tabs', bob]);

  // Tab A's "Save user": nothing saved; the check page again, with Bob, and why.
  await page.getByRole('button', { name: 'Save user' }).click();
  await expect(page).toHaveURL(/\/users\/new\/check$/);
  const banner = page.locator('.govuk-notification-banner');
  await expect(banner.locator('.govuk-notification-banner__title')).toHaveText('Important');
  await expect(banner.locator('.govuk-notification-banner__heading')).toHaveText(
    'Your answers were changed in another tab or window. Check them before you save.',
  );
  await expect(page.locator('.govuk-summary-list__value')).toHaveText(['Bob', 'Tabs', bob]);
  await expectAccessible(page);

  // Now it saves what it shows.
  await page.getByRole('button', { name: 'Save user' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.locator('.govuk-notification-banner__heading')).toHaveText('Support user added');
  // Tab B's page showed the same answers: saving them again adds nobody twice.
  await tabB.getByRole('button', { name: 'Save user' }).click();
  await expect(tabB).toHaveURL(/\/users$/);
  expect(await onTheList(page, bob)).toBe(1);
  expect(await onTheList(page, ada)).toBe(0);
});
