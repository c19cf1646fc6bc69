/**
 * Time-based scaling of the provisioner and workspace node groups, as pure
 * data: the scheduled actions for one group, from the peak window and sizes.
 *
 * Scale-up raises min and desired to the peak node count shortly before the
 * window opens, so the morning rush finds warm nodes. Scale-down only lowers
 * the floor (min) after the window closes and leaves desired alone: nodes go
 * away as the cluster autoscaler finds them empty, and it never evicts a pod
 * marked `cluster-autoscaler.kubernetes.io/safe-to-evict: "false"`, which the
 * workspace templates set. Template auto-stop empties the nodes overnight.
 */
import type { NodeGroupSize } from './sizing.js';

export interface PeakWindow {
  timezone: string;
  start: string;
  end: string;
  weekdays: string[];
}

export interface ScheduledScaling {
  name: 'peak-up' | 'off-hours';
  recurrence: string;
  timeZone: string;
  minSize: number;
  maxSize: number;
  desiredCapacity?: number;
}

/** Minutes before the window opens that nodes start to come up. */
export const PREWARM_MINUTES = 30;
/** Minutes after the window closes that the floor drops (after template auto-stop). */
export const SCALE_DOWN_DELAY_MINUTES = 60;

const DAY_ORDER = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Cron for a local time of day on the given weekdays (sorted, ranges compacted when contiguous). */
export function cron(minutesOfDay: number, weekdays: string[]): string {
  const days = [...new Set(weekdays)].sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b));
  const idx = days.map((d) => DAY_ORDER.indexOf(d));
  const contiguous = idx.length > 1 && idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  // Numbers (0 = Sunday), which both EC2 Auto Scaling and Kubernetes CronJobs accept.
  const dayField = idx.length === 7 ? '*' : contiguous ? `${idx[0]}-${idx.at(-1)}` : idx.join(',');
  const wrapped = ((minutesOfDay % 1440) + 1440) % 1440;
  return `${wrapped % 60} ${Math.floor(wrapped / 60)} * * ${dayField}`;
}

// #region peak-schedules
export function peakSchedules(window: PeakWindow, group: NodeGroupSize): ScheduledScaling[] {
  const upAt = Math.max(0, toMinutes(window.start) - PREWARM_MINUTES);
  const downAt = Math.min(23 * 60 + 59, toMinutes(window.end) + SCALE_DOWN_DELAY_MINUTES);
  return [
    { name: 'peak-up', recurrence: cron(upAt, window.weekdays), timeZone: window.timezone, minSize: group.peak, maxSize: group.max, desiredCapacity: group.peak },
    // Every day: weekends stay at the floor too, whatever Friday left behind.
    { name: 'off-hours', recurrence: cron(downAt, DAY_ORDER), timeZone: window.timezone, minSize: group.offHours, maxSize: group.max },
  ];
}
// #endregion peak-schedules
