import { Page } from '@playwright/test';
import { expect, expectAccessible, SERVICE, signInAs, test } from './fixtures';

// SPEC §9: active and inactive accounts, and your account. Both projects share one server:
// each switches off and on users of its own.
const people = {
  'js-on': { pause: 'Kofi Mensah' },
  'js-off': { pause: 'Mohammed Rahman' },
} as const;

async function openUser(page: Page, fullName: string) {
  await page.goto('/users');
  await page.getByLabel('Search by name or email address').fill(fullName);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: fullName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fullName);
}

/** "Is the account active?" answered from the details page, checked and saved. */
async function answerActive(page: Page, answer: 'Yes' | 'No') {
  await page.getByRole('link', { name: 'Change whether the account is active' }).click();
  await expect(page).toHaveURL(/\/users\/\d+\/edit\?change=active#active$/);
  await expect(page.getByRole('radio', { name: 'Yes' })).toBeFocused();
  await expectAccessible(page);
  await page.getByRole('radio', { name: answer }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/users\/\d+\/check$/);
  const row = page.locator('.govuk-summary-list__row', { hasText: 'Is the account active?' });
  await expect(row.locator('.govuk-summary-list__value')).toHaveText(answer);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save user' }).click();
  await expect(page).toHaveURL(/\/users\/\d+$/);
  await expect(page.locator('.govuk-notification-banner__heading')).toHaveText('Support user updated');
}

test('an account is deactivated and reactivated from its details page', async ({ page }, info) => {
  const { pause } = people[info.project.name as keyof typeof people];
  await signInAs(page, 'Anne Wilson');
  await openUser(page, pause);
  const active = page.locator('.govuk-summary-list__row', { hasText: 'Is the account active?' });
  await expect(active.locator('.govuk-summary-list__value')).toHaveText('Yes');

  await answerActive(page, 'No');
  await expect(active.locator('.govuk-summary-list__value')).toHaveText('No');
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.locator('.app-history__item h3').first()).toHaveText('Account deactivated by Anne Wilson');
  await expect(page.getByRole('button', { name: 'Resend invitation' })).toHaveCount(0);
  await expectAccessible(page);

  // The list tags it, and the filter finds it.
  await page.goto('/users');
  await page.getByLabel('Search by name or email address').fill(pause);
  await page.getByLabel('Show').selectOption({ label: 'Inactive accounts' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/show=inactive/);
  await expect(page.locator('tbody tr td:first-child')).toHaveText([pause]);
  await expect(page.locator('tbody tr td:nth-child(3) .govuk-tag')).toHaveText(['Inactive']);
  await expect(page.locator('tbody tr td:nth-child(3) .govuk-tag--grey')).toHaveCount(1);
  await expectAccessible(page);

  await page.getByRole('link', { name: pause, exact: true }).click();
  await answerActive(page, 'Yes');
  await expect(active.locator('.govuk-summary-list__value')).toHaveText('Yes');
  await expect(history.locator('.app-history__item h3').first()).toHaveText('Account reactivated by Anne Wilson');
  await page.goto(`/users?q=${encodeURIComponent(pause)}`);
  await expect(page.locator('tbody tr td:nth-child(3) .govuk-tag--green')).toHaveText(['Active']);
});

test('a signed-in user is asked only whether their account is active, and an inactive one cannot sign in', async ({
  page,
  browser,
}, info) => {
  // Colin signs in (his details are then DfE Sign-in's); each project switches him off and on.
  const colins = await browser.newContext({ javaScriptEnabled: info.project.use.javaScriptEnabled });
  const colin = await colins.newPage();
  try {
    await signInAs(colin, 'Colin Chapman');

    await signInAs(page, 'Anne Wilson');
    await openUser(page, 'Colin Chapman');
    await expect(page.getByRole('link', { name: /^Change (first name|last name|email address)$/ })).toHaveCount(0);
    await page.getByRole('link', { name: 'Change whether the account is active' }).click();
    await expect(page).toHaveTitle(`Change support user - personal details - ${SERVICE}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Is the account active?');
    await expect(page.getByRole('textbox')).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole('radio', { name: 'No' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-summary-list__key')).toHaveText(['Is the account active?']);
    await expect(page.locator('.govuk-inset-text')).toContainText('Colin Chapman will be sent an email');
    await page.getByRole('button', { name: 'Save user' }).click();
    await expect(page.locator('.govuk-notification-banner__heading')).toHaveText('Support user updated');

    // Colin's next click finds him signed out, and signing in tells him why he cannot.
    await colin.goto('/users');
    await expect(colin).toHaveURL(/\/sign-in$/);
    await colin.getByRole('button', { name: 'Sign in as Colin Chapman' }).click();
    await expect(colin).toHaveTitle(`Your account is inactive - ${SERVICE}`);
    await expect(colin.getByRole('heading', { level: 1 })).toHaveText('Your account is inactive');
    await expect(colin.getByText('Your account for the Register of training providers has been deactivated.')).toBeVisible();
    await expect(colin.getByText('Ask the support team to reactivate it.')).toBeVisible();
    await expectAccessible(colin);
  } finally {
    // Switched on again, for the other tests that sign in as Colin.
    await openUser(page, 'Colin Chapman');
    const active = page.locator('.govuk-summary-list__row', { hasText: 'Is the account active?' });
    if ((await active.locator('.govuk-summary-list__value').textContent()) === 'No') {
      await answerActive(page, 'Yes');
    }
    await colins.close();
  }
  await signInAs(page, 'Colin Chapman');
});

test('your account shows your details, and signs you out everywhere', async ({ page, browser }, info) => {
  await signInAs(page, 'Mary Lawson');
  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page).toHaveTitle(`Your account - ${SERVICE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' })).toHaveAttribute(
    'href',
    '/users',
  );
  await expect(page.locator('.govuk-summary-list__key')).toHaveText([
    'First name',
    'Last name',
    'Email address',
    'Last signed in',
  ]);
  await expect(page.locator('.govuk-summary-list__value').nth(2)).toHaveText('mary.lawson@education.gov.uk');
  await expect(page.getByRole('link', { name: /^Change/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'DfE Sign-in profile' })).toHaveAttribute(
    'href',
    'https://profile.signin.education.gov.uk',
  );
  await expectAccessible(page);

  // Mary is signed in elsewhere too: "Sign out everywhere" ends both.
  const other = await browser.newContext({ javaScriptEnabled: info.project.use.javaScriptEnabled });
  try {
    const elsewhere = await other.newPage();
    await signInAs(elsewhere, 'Mary Lawson');
    await elsewhere.goto('/account');
    // There, the sign-in before is this page's own one (UK time words).
    await expect(elsewhere.locator('.govuk-summary-list__value').nth(3)).toHaveText(
      /^(\d{1,2}:\d\d(am|pm)|midday|midnight) on \d{1,2} \w+ \d{4}$/,
    );
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await elsewhere.goto('/users');
    await expect(elsewhere).toHaveURL(/\/sign-in$/);
  } finally {
    await other.close();
  }
});
