import { defineConfig } from '@playwright/test';

// The server under test: the build cargo-leptos made, on a fresh SQLite database seeded with
// the development personas and sample users.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// DfE Sign-in's stand-in (oidc-provider), and a second server of the service signing in with it.
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3101);
const oidcAppPort = Number(process.env.E2E_OIDC_APP_PORT ?? 3102);
export const oidcAppURL = `http://127.0.0.1:${oidcAppPort}`;
export const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
const serverBinary = process.env.E2E_SERVER_BIN ?? '../target/debug/server';
// The servers log at info into .server-logs, searched for personal data at the end
// (`log-check.ts`); what they print to standard error still shows here.

// Debian's chromium: Playwright cannot download its own browser here.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: { baseURL, launchOptions, trace: 'retain-on-failure' },
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true } },
    { name: 'js-off', use: { javaScriptEnabled: false } },
  ],
  webServer: [
    {
      command: `rm -rf .data && mkdir -p .server-logs && exec ${serverBinary} > .server-logs/app.log`,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        APP_ENV: 'development',
        METRICS_ADDR: '127.0.0.1:0',
        DATA_DIR: '.data',
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: '../target/site',
        RUST_LOG: 'info',
      },
    },
    {
      command: 'node oidc/provider.mjs',
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { OIDC_PORT: String(oidcPort), OIDC_APP_URL: oidcAppURL },
    },
    {
      command: `rm -rf .data-oidc && mkdir -p .server-logs && exec ${serverBinary} > .server-logs/oidc-app.log`,
      url: `${oidcAppURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        APP_ENV: 'development',
        METRICS_ADDR: '127.0.0.1:0',
        DATA_DIR: '.data-oidc',
        LEPTOS_SITE_ADDR: `127.0.0.1:${oidcAppPort}`,
        LEPTOS_SITE_ROOT: '../target/site',
        RUST_LOG: 'info',
        DFE_SIGN_IN_ISSUER: `http://127.0.0.1:${oidcPort}`,
        DFE_SIGN_IN_CLIENT_ID: 'rotp-support',
        DFE_SIGN_IN_CLIENT_SECRET: 'rotp-support-test-secret',
        DFE_SIGN_IN_REDIRECT_URL: `${oidcAppURL}/auth/dfe/callback`,
      },
    },
  ],
});
