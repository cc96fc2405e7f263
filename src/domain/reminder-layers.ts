/**
 * Which review-reminder layers work on this device, as a pure function of what the browser can do.
 *
 * Reminders come in layers, each a fallback for the one before: the app itself (title, Review tab
 * badge, banner), the badge on the installed app's icon, a notification, a background check that
 * can notify while the app is closed, and the reader's own calendar. The page feature-detects each
 * one (see src/state/reminders.svelte.ts); this module only turns those facts into what the
 * Settings panel says, so every combination can be tested without a browser.
 */

/** One reminder layer. */
export type ReminderLayerId = 'in-app' | 'badge' | 'notifications' | 'background' | 'calendar';

/**
 * What a layer does on this device: working now, could work (reminders off, a permission not
 * asked yet, or the app not installed), turned off by the reader in the browser, or missing.
 */
export type LayerState = 'active' | 'available' | 'blocked' | 'unsupported';

/** The layers in the order the Settings panel lists them. */
export const REMINDER_LAYERS: readonly ReminderLayerId[] = ['in-app', 'badge', 'notifications', 'background', 'calendar'];

export const LAYER_NAMES: Readonly<Record<ReminderLayerId, string>> = {
  'in-app': 'In the app',
  badge: 'App icon badge',
  notifications: 'Notifications',
  background: 'Background check',
  calendar: 'Calendar',
};

export const LAYER_STATE_LABELS: Readonly<Record<LayerState, string>> = {
  active: 'Active',
  available: 'Available',
  blocked: 'Blocked',
  unsupported: 'Not supported here',
};

/** A permission as the browser reports it, or 'unsupported' when the feature itself is missing. */
export type PermissionAnswer = 'granted' | 'denied' | 'prompt' | 'unsupported';

/** What the browser offers, as feature detection found it. */
export interface ReminderCapabilities {
  /** `'setAppBadge' in navigator`. */
  badge: boolean;
  /** Notification.permission ('default' reads as 'prompt'); 'unsupported' without Notification or a service worker. */
  notifications: PermissionAnswer;
  /** The 'periodic-background-sync' permission; 'unsupported' without `periodicSync` on the registration. */
  periodicSync: PermissionAnswer;
  /** The reminder's periodic sync tag is registered. */
  periodicSyncRegistered: boolean;
  /** Running as an installed app (display-mode: standalone). */
  standalone: boolean;
}

/** What the browser offers before anything is detected (server-side, or before the first check). */
export const NO_CAPABILITIES: Readonly<ReminderCapabilities> = Object.freeze({
  badge: false,
  notifications: 'unsupported',
  periodicSync: 'unsupported',
  periodicSyncRegistered: false,
  standalone: false,
});

export interface LayerStatus {
  id: ReminderLayerId;
  name: string;
  state: LayerState;
  /** One sentence on what the layer does here, or what would make it work. */
  detail: string;
}

/** The state of every layer, in REMINDER_LAYERS order, for reminders switched `enabled`. */
export function reminderLayers(caps: ReminderCapabilities, enabled: boolean): LayerStatus[] {
  return REMINDER_LAYERS.map((id) => ({ id, name: LAYER_NAMES[id], ...LAYERS[id](caps, enabled) }));
}

type Outcome = { state: LayerState; detail: string };

const LAYERS: Readonly<Record<ReminderLayerId, (caps: ReminderCapabilities, enabled: boolean) => Outcome>> = {
  'in-app': (_caps, enabled) =>
    enabled
      ? { state: 'active', detail: 'The Review tab and the page title count due reviews; the library shows a reminder after your chosen time.' }
      : { state: 'available', detail: 'The Review tab and the page title count due reviews. Turn reminders on for a reminder in the library.' },
  badge: (caps, enabled) => {
    if (!caps.badge) return { state: 'unsupported', detail: 'This browser cannot put a count on the app icon.' };
    if (!caps.standalone) return { state: 'available', detail: 'Install PyRecall as an app to see the count of due reviews on its icon.' };
    return enabled
      ? { state: 'active', detail: 'The app icon shows how many reviews are due.' }
      : { state: 'available', detail: 'Turn reminders on to see the count of due reviews on the app icon.' };
  },
  notifications: (caps, enabled) => {
    switch (caps.notifications) {
      case 'unsupported':
        return { state: 'unsupported', detail: 'This browser cannot show notifications from PyRecall.' };
      case 'denied':
        return { state: 'blocked', detail: 'Notifications are blocked for this site: allow them in your browser’s site settings.' };
      case 'prompt':
        return { state: 'available', detail: 'Allow notifications to be reminded at your chosen time.' };
      case 'granted':
        return enabled
          ? { state: 'active', detail: 'A notification reminds you at your chosen time while PyRecall is open.' }
          : { state: 'available', detail: 'Notifications are allowed; turn reminders on to get them.' };
    }
  },
  background: (caps, enabled) => {
    if (caps.periodicSync === 'unsupported') {
      return { state: 'unsupported', detail: 'This browser cannot check for due reviews while PyRecall is closed.' };
    }
    if (caps.periodicSync !== 'granted') {
      return { state: 'available', detail: 'Install PyRecall as an app (Chrome, Edge) to be reminded while it is closed.' };
    }
    if (!enabled || !caps.periodicSyncRegistered) {
      return { state: 'available', detail: 'Turn reminders on to let PyRecall check for due reviews while it is closed.' };
    }
    return caps.notifications === 'granted'
      ? { state: 'active', detail: 'The browser lets PyRecall check for due reviews about twice a day while it is closed.' }
      : { state: 'active', detail: 'PyRecall checks for due reviews while closed and updates the icon badge; allow notifications to be told.' };
  },
  calendar: () => ({ state: 'available', detail: 'Works everywhere: your calendar app reminds you, even with PyRecall closed.' }),
};
