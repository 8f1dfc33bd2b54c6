// What every browser test shares: Debian's chromium driven headless by playwright-core (no browser download), pages
// at a desktop or a phone width, screenshots kept as artifacts, and signing in through the page. The platform under
// test is started by app/.../BrowserTest.java, which passes:
//   TRUSTMALL_URL          base URL of the seeded demo platform, e.g. http://127.0.0.1:41234
//   TRUSTMALL_DATA_DIR     its data directory (trusted-keys.json lies there: the keys a user would import)
//   TRUSTMALL_SCREENSHOTS  where screenshots go (app/target/browser-screenshots)
//   TRUSTMALL_DEMO_PASSWORD, TRUSTMALL_DEMO_LOGINS (JSON [[role, email], ...]), TRUSTMALL_SAMPLE_TX (a transaction id
//   of a demo order, whose proof the server serves)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The repository root (web-tests/..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The platform's base URL, without a trailing slash. */
export const BASE_URL = (process.env.TRUSTMALL_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
/** The platform's data directory, or null when not given. */
export const DATA_DIR = process.env.TRUSTMALL_DATA_DIR || null;
/** Where screenshots go. */
export const SCREENSHOTS = path.resolve(REPO_ROOT,
  process.env.TRUSTMALL_SCREENSHOTS || 'app/target/browser-screenshots');
/** The demo accounts' password. */
export const DEMO_PASSWORD = process.env.TRUSTMALL_DEMO_PASSWORD || 'trustmall-demo';
/** The demo logins as [{role, email}]. */
export const DEMO_LOGINS = JSON.parse(process.env.TRUSTMALL_DEMO_LOGINS || '[]')
  .map(([role, email]) => ({ role, email }));
/** A demo order's ledger transaction id (hex), or null. */
export const SAMPLE_TX = process.env.TRUSTMALL_SAMPLE_TX || null;
/** Generous waits: the machine running the tests may be a loaded 2-core one. */
export const TIMEOUT_MS = 30_000;

const CHROMIUM = process.env.TRUSTMALL_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The absolute URL of a path on the platform. */
export function url(p = '/') {
  return BASE_URL + (p.startsWith('/') ? p : '/' + p);
}

/** The first demo login with this role ('admin', 'merchant', 'buyer', 'arbiter', 'agent'). */
export function demoLogin(role) {
  const found = DEMO_LOGINS.find((l) => l.role === role);
  if (!found) {
    throw new Error('no demo login with role ' + role + ' in TRUSTMALL_DEMO_LOGINS');
  }
  return { email: found.email, password: DEMO_PASSWORD };
}

/** Launches headless chromium; close it in an `after` hook. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

/**
 * A fresh context and page: 1280 x 800 by default, or a 375 px wide touch phone with {phone: true}; `locale`
 * 'en' by default ('zh-CN' for Chinese). Uncaught page errors and console errors are collected in `page.errors`
 * (an array of strings) so a test can assert there were none. Close with `page.context().close()`.
 */
export async function newPage(browser, { phone = false, locale = 'en' } = {}) {
  const context = await browser.newContext(phone
    ? { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale }
    : { viewport: { width: 1280, height: 800 }, locale });
  context.setDefaultTimeout(TIMEOUT_MS);
  context.setDefaultNavigationTimeout(2 * TIMEOUT_MS);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      page.errors.push('console error: ' + m.text());
    }
  });
  return page;
}

/** Saves a full-page PNG as SCREENSHOTS/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name.replace(/[^A-Za-z0-9._-]+/g, '-') + '.png');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Signs in through the page's login form (data-testids login-email, login-password, login-submit), opening /login
 * first when the form is not on the page, and waits until the form has gone. A form that stays (wrong password)
 * fails with the text of the page's alert, if any.
 */
export async function login(page, email, password = DEMO_PASSWORD) {
  const emailField = page.getByTestId('login-email');
  if (!(await emailField.isVisible())) {
    await page.goto(url('/login'));
  }
  await emailField.fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  try {
    await page.getByTestId('login-submit').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
  } catch (e) {
    const alert = await page.getByRole('alert').first().textContent({ timeout: 1000 }).catch(() => null);
    throw new Error('login as ' + email + ' did not complete' + (alert ? ': ' + alert.trim() : ''), { cause: e });
  }
}
