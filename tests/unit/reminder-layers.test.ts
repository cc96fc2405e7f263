/** What the Settings panel says about each reminder layer, for every combination the browser can report. */
import { describe, expect, it } from 'vitest';
import { dueTitle } from '../../src/domain/due-title';
import {
  NO_CAPABILITIES,
  REMINDER_LAYERS,
  reminderLayers,
  type LayerState,
  type ReminderCapabilities,
  type ReminderLayerId,
} from '../../src/domain/reminder-layers';

/** Installed Chromium with everything granted. */
const ALL: ReminderCapabilities = {
  badge: true,
  notifications: 'granted',
  periodicSync: 'granted',
  periodicSyncRegistered: true,
  standalone: true,
};
/** Safari in a tab: no badge API outside installed web apps, notifications not asked, no periodic sync. */
const SAFARI_TAB: ReminderCapabilities = { ...NO_CAPABILITIES, notifications: 'prompt' };
/** Chromium in a tab: the APIs exist, periodic sync is refused until installed. */
const CHROMIUM_TAB: ReminderCapabilities = { ...ALL, notifications: 'prompt', periodicSync: 'denied', periodicSyncRegistered: false, standalone: false };

const stateOf = (caps: ReminderCapabilities, enabled: boolean, id: ReminderLayerId) =>
  reminderLayers(caps, enabled).find((layer) => layer.id === id)!.state;

describe('reminder layers on this device', () => {
  it('lists the five layers in order, each with a name and a sentence', () => {
    const layers = reminderLayers(ALL, true);
    expect(layers.map((l) => l.id)).toEqual(REMINDER_LAYERS);
    expect(layers.map((l) => l.name)).toEqual(['In the app', 'App icon badge', 'Notifications', 'Background check', 'Calendar']);
    for (const layer of layers) expect(layer.detail).toMatch(/\w+.*\.$/);
  });

  it.each<[string, ReminderCapabilities, boolean, Record<ReminderLayerId, LayerState>]>([
    [
      'installed Chromium, everything allowed, reminders on',
      ALL,
      true,
      { 'in-app': 'active', badge: 'active', notifications: 'active', background: 'active', calendar: 'available' },
    ],
    [
      'installed Chromium, everything allowed, reminders off',
      ALL,
      false,
      { 'in-app': 'available', badge: 'available', notifications: 'available', background: 'available', calendar: 'available' },
    ],
    [
      'Chromium in a tab, nothing asked yet',
      CHROMIUM_TAB,
      true,
      { 'in-app': 'active', badge: 'available', notifications: 'available', background: 'available', calendar: 'available' },
    ],
    [
      'a browser with none of the APIs',
      NO_CAPABILITIES,
      true,
      { 'in-app': 'active', badge: 'unsupported', notifications: 'unsupported', background: 'unsupported', calendar: 'available' },
    ],
    [
      'Safari in a tab',
      SAFARI_TAB,
      true,
      { 'in-app': 'active', badge: 'unsupported', notifications: 'available', background: 'unsupported', calendar: 'available' },
    ],
    [
      'notifications blocked by the reader',
      { ...ALL, notifications: 'denied' },
      true,
      { 'in-app': 'active', badge: 'active', notifications: 'blocked', background: 'active', calendar: 'available' },
    ],
    [
      'periodic sync allowed but its tag not registered (yet)',
      { ...ALL, periodicSyncRegistered: false },
      true,
      { 'in-app': 'active', badge: 'active', notifications: 'active', background: 'available', calendar: 'available' },
    ],
  ])('%s', (_name, caps, enabled, expected) => {
    const states = Object.fromEntries(reminderLayers(caps, enabled).map((l) => [l.id, l.state]));
    expect(states).toEqual(expected);
  });

  it('tells the reader what would make a layer work', () => {
    const [, badge, notifications, background] = reminderLayers(CHROMIUM_TAB, true);
    expect(badge.detail).toMatch(/Install PyRecall/);
    expect(notifications.detail).toMatch(/Allow notifications/);
    expect(background.detail).toMatch(/Install PyRecall/);
    expect(reminderLayers({ ...ALL, notifications: 'denied' }, true)[2].detail).toMatch(/site settings/);
  });

  it('says the background check only updates the badge while notifications are not allowed', () => {
    expect(stateOf({ ...ALL, notifications: 'prompt' }, true, 'background')).toBe('active');
    expect(reminderLayers({ ...ALL, notifications: 'prompt' }, true)[3].detail).toMatch(/badge; allow notifications/);
  });
});

describe('the document title with the due count', () => {
  it.each([
    ['PyRecall', 5, '(5) PyRecall'],
    ['Settings · PyRecall', 12, '(12) Settings · PyRecall'],
    ['Settings · PyRecall', 0, 'Settings · PyRecall'],
    ['PyRecall', -1, 'PyRecall'],
    ['PyRecall', Number.NaN, 'PyRecall'],
    ['(3) Python, a history · PyRecall', 1, '(1) (3) Python, a history · PyRecall'],
  ])('%s with %d due reads "%s"', (title, count, expected) => {
    expect(dueTitle(title, count)).toBe(expected);
  });
});
