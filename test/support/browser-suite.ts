import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Clock } from '../../src/platform/clock.js';
import type { Platform } from '../../src/platform/open-platform.js';
import { buildSuite } from '../../src/suite.js';
import { freePort } from '../../src/platform/db/free-port.js';
import { afterAll, beforeAll } from 'vitest';
import { openTestPlatform } from './test-platform.js';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it). No browser is ever downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests run here. In CI a missing Chromium is a failure (the test launches
 * and says so); on a developer machine without it they are skipped.
 */
export const browserTestsEnabled = existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

export interface BrowserSuite {
  /** `http://localhost:<port>`: localhost is a secure context, which WebAuthn requires. */
  readonly baseUrl: string;
  readonly platform: Platform;
  readonly app: FastifyInstance;
  readonly browser: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The whole suite listening on a loopback port, on this run's test databases, and a fresh
 * Chromium profile browsing it. The public URL must name the port before the suite is built
 * (links in mail, the WebAuthn origin), so the port is chosen first.
 */
export async function startBrowserSuite(options: { clock: Clock }): Promise<BrowserSuite> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const platform = await openTestPlatform({ BSNS_PUBLIC_URL: baseUrl }, { clock: options.clock });
  let app: FastifyInstance | undefined;
  let profile: string | undefined;
  try {
    app = (await buildSuite(platform)).app;
    await app.listen({ port, host: '127.0.0.1' });
    profile = await mkdtemp(path.join(tmpdir(), 'bsns-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const server = app;
    const profileDir = profile;
    return {
      baseUrl,
      platform,
      app: server,
      browser,
      newPage: () => browser.newPage(),
      async close() {
        await browser.close();
        await server.close();
        await platform.close();
        await rm(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app?.close();
    await platform.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Saves a screenshot when `BSNS_SCREENSHOT_DIR` is set, for a person to look at the layout.
 * Screenshots are never compared or committed.
 */
export async function screenshotForReview(page: Page, name: string): Promise<void> {
  const directory = process.env.BSNS_SCREENSHOT_DIR;
  if (directory) await page.screenshot({ path: path.join(directory, `${name}.png`), fullPage: true });
}

/**
 * Waits for the page to arrive at a URL. On a timeout the error says where the page is and what
 * the forms' live regions said, which is usually the reason (an API error shown to the user).
 */
export async function waitForArrival(page: Page, url: string, timeoutMs = 20_000): Promise<void> {
  try {
    await page.waitForURL(url, { timeout: timeoutMs });
  } catch (error) {
    const messages = (await page.locator('[data-form-message]').allTextContents().catch(() => [])).filter((text) => text.trim() !== '');
    throw new Error(`Expected to arrive at ${url} but the page is at ${page.url()}; form messages: ${JSON.stringify(messages)}`, { cause: error });
  }
}

/**
 * Opens the browser suite before the file's tests (when Chromium is here) and closes it after
 * them. Its fields are readable from inside hooks and tests only.
 */
export function useBrowserSuite(options: { clock: Clock }): Omit<BrowserSuite, 'close'> {
  let suite: BrowserSuite | undefined;
  beforeAll(async () => {
    if (browserTestsEnabled) suite = await startBrowserSuite(options);
  });
  afterAll(async () => {
    await suite?.close();
  });
  const opened = (): BrowserSuite => {
    if (!suite) throw new Error('The browser suite is opened in beforeAll; read it from a hook or a test');
    return suite;
  };
  return {
    get baseUrl() {
      return opened().baseUrl;
    },
    get platform() {
      return opened().platform;
    },
    get app() {
      return opened().app;
    },
    get browser() {
      return opened().browser;
    },
    newPage: () => opened().newPage(),
  };
}
