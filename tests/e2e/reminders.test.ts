/**
 * Daily review reminders in the built app in headless Chromium: the due count in the title, the
 * library banner after the chosen time, the Settings panel's layers, the service worker's reminder
 * through Periodic Background Sync (dispatched with the DevTools Protocol), the open app's own
 * reminder at the chosen time, the calendar file, and notifications asked for only on a click.
 *
 * The service worker runs on the real clock (page.clock does not reach it), so reviews are made
 * due by importing a backup whose cards fell due yesterday: due for the page and the worker alike.
 */
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { makeBackup, serializeBackup } from '../../src/domain/backup';
import { parseCatalogue } from '../../src/domain/catalogue';
import type { ProgressRecord } from '../../src/domain/progress';
import { reminderText } from '../../src/domain/reminders';
import type { ReviewCard } from '../../src/domain/scheduler';
import { launchContext } from '../support/chromium';
import { guardOrigin, type OriginGuard } from '../support/guard';
import { accessibilityProblems as axeProblems } from '../support/axe';

const { articles } = parseCatalogue(readFileSync('src/catalogue/python-engineering-articles.md', 'utf8')).catalogue;
const DAY = 86_400_000;
const TAG = 'review-reminder';

/** Two finished articles whose review cards fell due yesterday (real time). */
function dueBackup(now = Date.now()): string {
  const finishedAt = now - 4 * DAY;
  const ids = articles.slice(0, 2).map((a) => a.id);
  const progress = ids.map(
    (articleId): ProgressRecord => ({ articleId, status: 'finished', takeaway: '', startedAt: finishedAt - DAY, finishedAt, updatedAt: finishedAt }),
  );
  const reviewCards = ids.map(
    (articleId): ReviewCard => ({
      articleId,
      due: now - DAY,
      stability: 3.2,
      difficulty: 5.1,
      elapsedDays: 0,
      scheduledDays: 3,
      learningSteps: 0,
      reps: 1,
      lapses: 0,
      state: 'Review',
      lastReview: finishedAt,
      suspended: false,
      createdAt: finishedAt,
      updatedAt: finishedAt,
    }),
  );
  return serializeBackup(makeBackup({ progress, reviewCards, reviewLog: [], settings: {} }, now));
}

/** Notifications the app's service worker registration shows now (read from any page of the origin). */
function notifications(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const shown = (await registration?.getNotifications()) ?? [];
    // `timestamp` (when it was shown) is Chromium's, not in TypeScript's DOM lib.
    return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown, timestamp: (n as Notification & { timestamp: number }).timestamp }));
  });
}

/** One setting straight from IndexedDB, without going through the app. */
function storedSetting(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (key) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('pyrecall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('settings').objectStore('settings').get(key);
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as { value?: unknown } | undefined)?.value ?? null);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    key,
  );
}

/** The periodic sync tags the app's registration holds. */
const periodicTags = (page: Page) =>
  page.evaluate(async () => {
    const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { periodicSync: { getTags(): Promise<string[]> } };
    return registration.periodicSync.getTags();
  });

async function openSettings(page: Page, base: string) {
  await page.goto(`${base}/#/settings`);
  await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Reminders' }).isVisible()).toBe(true);
}

async function importBackup(page: Page, base: string, text: string) {
  await openSettings(page, base);
  await page.getByLabel('Import a backup').setInputFiles({ name: 'due.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByRole('group', { name: 'Import “due.json”?' }).getByRole('button', { name: 'Replace', exact: true }).click();
  await expect.poll(() => page.locator('#import-outcome').textContent()).toMatch(/^Backup restored/);
}

/** Turns reminders on at `time` on every day, from the Settings panel (the time first, so the default 09:00 never fires). */
async function remindAt(page: Page, base: string, time: string) {
  await openSettings(page, base);
  await page.getByLabel('Time of day').fill(time);
  await page.getByLabel('Time of day').blur();
  await expect.poll(async () => ((await storedSetting(page, 'reminders')) as { time?: string } | null)?.time).toBe(time);
  const toggle = page.getByRole('switch', { name: 'Remind me to review' });
  if (!(await toggle.isChecked())) await toggle.check();
  await expect.poll(() => storedSetting(page, 'reminders')).toEqual({ enabled: true, time, days: [0, 1, 2, 3, 4, 5, 6] });
}

/** Each layer's name and state as the panel lists them. */
const layerStates = (page: Page) =>
  page.locator('[data-layer]').evaluateAll((items) =>
    items.map((li) => [li.querySelector('.name')?.textContent, li.querySelector('.state')?.textContent]),
  );

async function waitForWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

describe('daily review reminders', () => {
  const base = inject('baseURL');
  let context: BrowserContext;
  let guard: OriginGuard | undefined;
  let page: Page;
  let cdp: CDPSession;
  /** Service worker registration ids by scope, from the DevTools Protocol. */
  const registrations = new Map<string, string>();

  const accessibilityProblems = () => axeProblems(page);

  /** Controls in `selector` smaller than 44 px in either direction. */
  const smallTargets = (selector: string) =>
    page.locator(selector).evaluateAll((els) =>
      els
        .map((el) => (el.closest('label') ?? el).getBoundingClientRect())
        .map((r, i) => ({ i, w: Math.round(r.width), h: Math.round(r.height) }))
        .filter((r) => r.w < 44 || r.h < 44),
    );

  beforeAll(async () => {
    context = await launchContext({ acceptDownloads: true });
    guard = guardOrigin(context, base);
    page = await context.newPage();
    await page.addInitScript(() => {
      // Counts prompts, so the test can tell a prompt on load from one after a click.
      const w = window as unknown as { permissionRequests: number };
      w.permissionRequests = 0;
      const original = Notification.requestPermission.bind(Notification);
      Notification.requestPermission = (...args: Parameters<typeof Notification.requestPermission>) => {
        w.permissionRequests++;
        return original(...args);
      };
    });
    await page.goto(base);
    await waitForWorker(page);
    cdp = await context.newCDPSession(page);
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');
  });
  afterAll(async () => {
    await context?.close();
    guard?.assertOwnOriginOnly(); // no other host, no CSP violation
  });

  it('never asks for notifications on load; Settings lists every reminder layer with its state here', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'The reading path' }).isVisible()).toBe(true);
    await openSettings(page, base);
    await expect.poll(() => layerStates(page)).toEqual([
      ['In the app', 'Available'],
      ['App icon badge', 'Available'],
      ['Notifications', 'Available'],
      ['Background check', 'Available'],
      ['Calendar', 'Available'],
    ]);
    expect(await page.locator('[data-layer="badge"] .hint').textContent()).toMatch(/Install PyRecall as an app/);
    expect(await page.getByRole('button', { name: 'Allow notifications' }).isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: 'Days of the week' }).getByRole('checkbox').count()).toBe(7);
    expect(await page.evaluate(() => Notification.permission)).toBe('default');
    expect(await page.evaluate(() => (window as unknown as { permissionRequests: number }).permissionRequests)).toBe(0);
    expect(await accessibilityProblems()).toEqual([]);
    expect(await smallTargets('.reminders input, .reminders button')).toEqual([]);
  });

  it('puts the due count in the title and, after the chosen time, a dismissible banner in the library', async () => {
    await importBackup(page, base, dueBackup());
    await page.goto(base);
    await expect.poll(() => page.title()).toBe('(2) PyRecall');
    expect(await page.getByRole('complementary', { name: reminderText(2) }).count()).toBe(0); // reminders are off

    await remindAt(page, base, '00:00');
    await expect.poll(() => page.title()).toBe('(2) Settings · PyRecall');
    await expect.poll(() => layerStates(page)).toContainEqual(['In the app', 'Active']);

    await page.goto(base);
    const banner = page.getByRole('complementary', { name: '2 articles to review — about 2 minutes' });
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.getByRole('link', { name: 'Review now' }).getAttribute('href')).toBe('#/review');
    expect(await accessibilityProblems()).toEqual([]);
    expect(await smallTargets('.reminder a, .reminder button')).toEqual([]);
    await banner.getByRole('button', { name: 'Dismiss the review reminder for today' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.title()).toBe('(2) PyRecall');
    expect(await banner.count()).toBe(0);
  });

  it('registers the background check while reminders are on, and removes it when they are off', async () => {
    // Chromium grants Periodic Background Sync to installed apps only; DevTools grants it here.
    await cdp.send('Browser.grantPermissions', { origin: base, permissions: ['periodicBackgroundSync'] });
    await openSettings(page, base);
    await expect.poll(() => periodicTags(page)).toEqual([TAG]);
    await expect.poll(() => layerStates(page)).toContainEqual(['Background check', 'Active']);

    await page.getByRole('switch', { name: 'Remind me to review' }).uncheck();
    await expect.poll(() => periodicTags(page)).toEqual([]);
    await expect.poll(() => layerStates(page)).toContainEqual(['Background check', 'Available']);
    await page.getByRole('switch', { name: 'Remind me to review' }).check();
    await expect.poll(() => periodicTags(page)).toEqual([TAG]);
  });

  it('reminds from the service worker on a periodic sync, once a day: one notification with the due count', async () => {
    // Leave the app (a plain file of the origin runs none of it), so only the worker can remind.
    await page.goto(`${base}/robots.txt`);
    await context.grantPermissions(['notifications'], { origin: base });
    expect(await notifications(page)).toEqual([]);
    const registrationId = registrations.get(`${base}/`);
    expect(registrationId).toBeDefined();

    const before = Date.now();
    await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin: base, registrationId: registrationId!, tag: TAG });
    await expect.poll(() => notifications(page), { timeout: 20_000 }).toHaveLength(1);
    const [shown] = await notifications(page);
    expect(shown).toMatchObject({ title: 'PyRecall', body: '2 articles to review — about 2 minutes', tag: TAG, data: { url: `${base}/#/review` } });
    const remindedAt = (await storedSetting(page, 'lastRemindedAt')) as number;
    expect(remindedAt).toBeGreaterThanOrEqual(before);

    // Again the same day: nothing new. Sampled for a while, since "nothing happens" has no event to wait for.
    await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin: base, registrationId: registrationId!, tag: TAG });
    for (let i = 0; i < 10; i++) {
      expect((await notifications(page)).map((n) => n.timestamp)).toEqual([shown.timestamp]);
      await page.waitForTimeout(300);
    }
    expect(await storedSetting(page, 'lastRemindedAt')).toBe(remindedAt);
  });

  it('takes the open app to the Review screen when the reminder is clicked', async () => {
    await page.goto(base);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'The reading path' }).isVisible()).toBe(true);
    const [worker] = context.serviceWorkers();
    // A synthetic click: the worker's handler runs, though the browser refuses focus() to an untrusted event.
    await worker.evaluate(async () => {
      // The worker's global, typed here with the DOM lib the tests compile with.
      const scope = globalThis as unknown as {
        registration: ServiceWorkerRegistration;
        NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
        dispatchEvent(event: Event): boolean;
      };
      const [notification] = await scope.registration.getNotifications({ tag: 'review-reminder' });
      // waitUntil() throws on an untrusted event, after the handler has started its work: reported, not thrown here.
      scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification }));
    });
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/review');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Review' }).isVisible()).toBe(true);
    await expect.poll(() => notifications(page)).toEqual([]);
  });

  it('downloads the reminder as a calendar file with the chosen time, the chosen days and a link to Review', async () => {
    await remindAt(page, base, '07:45');
    const days = page.getByRole('group', { name: 'Days of the week' });
    await days.getByRole('checkbox', { name: 'Saturday' }).uncheck();
    await days.getByRole('checkbox', { name: 'Sunday' }).uncheck();
    await expect.poll(() => storedSetting(page, 'reminders')).toEqual({ enabled: true, time: '07:45', days: [1, 2, 3, 4, 5] });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Add a daily reminder to my calendar' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('pyrecall-reminder.ics');
    const text = readFileSync(await download.path(), 'utf8');
    const event = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    const start = event.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>;
    expect([start.hour, start.minute]).toEqual([7, 45]);
    const rule = event.getFirstPropertyValue('rrule') as InstanceType<typeof ICAL.Recur>;
    expect(rule.freq).toBe('WEEKLY');
    expect(rule.parts.BYDAY).toEqual(['MO', 'TU', 'WE', 'TH', 'FR']);
    expect(event.getFirstPropertyValue('url')).toBe(`${base}/#/review`);
    expect(await page.getByRole('status').filter({ hasText: 'Saved pyrecall-reminder.ics' }).count()).toBe(1);
  });
});

describe('the open app at the chosen time', () => {
  const base = inject('baseURL');
  let context: BrowserContext;
  let guard: OriginGuard | undefined;
  let page: Page;

  beforeAll(async () => {
    context = await launchContext();
    guard = guardOrigin(context, base);
    await context.grantPermissions(['notifications'], { origin: base });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    guard?.assertOwnOriginOnly(); // no other host, no CSP violation
  });

  it('shows the reminder itself within a minute of the chosen time, once, and the library banner with it', async () => {
    // 10:00 today on the page's clock; reminders at 10:05.
    const tenToday = new Date();
    tenToday.setHours(10, 0, 0, 0);
    await page.clock.install({ time: tenToday });
    await page.goto(base);
    await waitForWorker(page);
    await importBackup(page, base, dueBackup(Math.min(Date.now(), tenToday.getTime())));
    await remindAt(page, base, '10:05');
    await page.goto(base);
    await expect.poll(() => page.title()).toBe('(2) PyRecall');
    const banner = page.getByRole('complementary', { name: reminderText(2) });

    await page.clock.runFor(60_000);
    expect(await notifications(page)).toEqual([]);
    expect(await banner.count()).toBe(0);

    await page.clock.runFor(5 * 60_000);
    await expect.poll(() => notifications(page)).toHaveLength(1);
    expect((await notifications(page))[0]).toMatchObject({ body: reminderText(2), tag: TAG });
    expect(await storedSetting(page, 'lastRemindedAt')).toBeGreaterThanOrEqual(tenToday.getTime() + 5 * 60_000);
    await expect.poll(() => banner.isVisible()).toBe(true);

    const first = (await notifications(page))[0].timestamp;
    await page.clock.runFor(3 * 60_000);
    expect((await notifications(page)).map((n) => n.timestamp)).toEqual([first]);
  });
});

describe('asking for notifications', () => {
  const base = inject('baseURL');

  it('asks only when the reader clicks "Allow notifications", and says what the browser answered', async () => {
    const context = await launchContext();
    const guard = guardOrigin(context, base);
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { permissionRequests: number };
        w.permissionRequests = 0;
        const original = Notification.requestPermission.bind(Notification);
        Notification.requestPermission = (...args: Parameters<typeof Notification.requestPermission>) => {
          w.permissionRequests++;
          return original(...args);
        };
      });
      await page.goto(base);
      await waitForWorker(page);
      await remindAt(page, base, '09:00');
      await page.reload();
      await expect.poll(() => layerStates(page)).toContainEqual(['Notifications', 'Available']);
      const requests = () => page.evaluate(() => (window as unknown as { permissionRequests: number }).permissionRequests);
      expect(await requests()).toBe(0);
      expect(await page.evaluate(() => Notification.permission)).toBe('default');

      // Headless Chromium answers the prompt itself (no one is there to click it).
      await page.getByRole('button', { name: 'Allow notifications' }).click();
      expect(await requests()).toBe(1);
      const outcome = page.getByRole('status').filter({ hasText: /Notifications allowed|Notifications are blocked|No answer yet/ });
      await expect.poll(() => outcome.count()).toBe(1);
    } finally {
      await context.close();
    }
    guard.assertOwnOriginOnly();
  });
});
