/**
 * Standard five-field cron schedules (minute hour day-of-month month
 * day-of-week, with ranges, steps, lists, names and the @hourly-style macros),
 * evaluated on the wall clock of a time zone (spec.timeZone, an IANA name;
 * UTC when unset) on a given time: pure, so a CronJob test injects its clock.
 * Day-of-month and day-of-week combine as in Vixie cron: when both are
 * restricted, either may match. Across daylight-saving changes a schedule
 * follows the wall clock: a minute the clocks skip never fires, a minute they
 * repeat fires at each of its two instants.
 */
import { cronScheduleError, timeZoneError } from '../../api/index.js';
import { ControllerError } from '../runtime/errors.js';

interface Field {
  readonly values: ReadonlySet<number>;
  /** The field was `*` (or `?`): matters for the day-of-month/day-of-week rule. */
  readonly any: boolean;
}

export interface CronSchedule {
  readonly minute: Field;
  readonly hour: Field;
  readonly dayOfMonth: Field;
  readonly month: Field;
  readonly dayOfWeek: Field;
  /** IANA time zone the fields are read in. */
  readonly timeZone: string;
}

const macros: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function valueOf(text: string, names: readonly string[], offset: number): number {
  const named = names.indexOf(text.toLowerCase());
  if (named >= 0) return named + offset;
  if (!/^\d+$/.test(text)) throw new ControllerError('config', `"${text}" is not a number`);
  return Number(text);
}

function parseField(text: string, min: number, max: number, names: readonly string[] = [], offset = 0): Field {
  const values = new Set<number>();
  const any = text === '*' || text === '?';
  for (const part of text.replace(/^\?$/, '*').split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let low = min;
    let high = max;
    if (range !== '*') {
      const [first = '', second] = range.split('-');
      low = valueOf(first, names, offset);
      high = second === undefined ? (stepText === undefined ? low : max) : valueOf(second, names, offset);
    }
    if (!(step >= 1) || low < min || high > max || low > high)
      throw new ControllerError('config', `"${part}" is out of range ${min}-${max}`);
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return { values, any };
}

export function parseCronSchedule(schedule: string, timeZone = 'UTC'): CronSchedule {
  const problem = cronScheduleError(schedule);
  if (problem !== undefined) throw new ControllerError('config', `schedule "${schedule}": ${problem}`);
  const zoneProblem = timeZoneError(timeZone);
  if (zoneProblem !== undefined) throw new ControllerError('config', `timeZone "${timeZone}": ${zoneProblem}`);
  const body = schedule.trim();
  const fields = (macros[body] ?? body).split(/\s+/);
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = ''] = fields;
  const weekdays = parseField(dayOfWeek, 0, 7, dayNames);
  // 7 is Sunday too
  const days = new Set([...weekdays.values].map((day) => day % 7));
  return {
    minute: parseField(minute, 0, 59),
    hour: parseField(hour, 0, 23),
    dayOfMonth: parseField(dayOfMonth, 1, 31),
    month: parseField(month, 1, 12, monthNames, 1),
    dayOfWeek: { values: days, any: weekdays.any },
    timeZone,
  };
}

const formattersMax = 64;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    if (formatters.size >= formattersMax) formatters.clear();
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock time in the zone minus UTC at the instant `ms`, in milliseconds. */
function zoneOffsetMs(timeZone: string, ms: number): number {
  if (timeZone === 'UTC') return 0;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts['year'] ?? 1970,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/** `date`'s UTC fields are the wall clock. */
function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const byMonthDay = schedule.dayOfMonth.values.has(date.getUTCDate());
  const byWeekDay = schedule.dayOfWeek.values.has(date.getUTCDay());
  if (schedule.dayOfMonth.any || schedule.dayOfWeek.any) return byMonthDay && byWeekDay;
  return byMonthDay || byWeekDay;
}

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** Looking further ahead than this means the schedule never fires (Feb 30). */
const searchDaysMax = 366 * 5;

/**
 * The first scheduled minute strictly after `afterMs`, or undefined within five
 * years. Walks instants; each is read as the zone's wall clock, and a field
 * that does not match skips to the next wall-clock day or hour (never backwards:
 * at least a minute on, whatever the offset did meanwhile).
 */
export function nextScheduleTime(schedule: CronSchedule, afterMs: number): number | undefined {
  let cursor = Math.floor(afterMs / minuteMs) * minuteMs + minuteMs;
  const limit = cursor + searchDaysMax * dayMs;
  while (cursor < limit) {
    const offset = zoneOffsetMs(schedule.timeZone, cursor);
    const wall = cursor + offset;
    const date = new Date(wall);
    if (!schedule.month.values.has(date.getUTCMonth() + 1) || !dayMatches(schedule, date)) {
      cursor = Math.max(cursor + minuteMs, Math.floor(wall / dayMs) * dayMs + dayMs - offset);
      continue;
    }
    if (!schedule.hour.values.has(date.getUTCHours())) {
      cursor = Math.max(cursor + minuteMs, Math.floor(wall / 3_600_000) * 3_600_000 + 3_600_000 - offset);
      continue;
    }
    if (schedule.minute.values.has(date.getUTCMinutes())) return cursor;
    cursor += minuteMs;
  }
  return undefined;
}

/** The latest scheduled minute in (afterMs, untilMs], and how many there were (capped at `countMax`). */
export function lastScheduleTimeBetween(
  schedule: CronSchedule,
  afterMs: number,
  untilMs: number,
  countMax = 100,
): { time: number | undefined; count: number } {
  let time: number | undefined;
  let count = 0;
  let cursor = afterMs;
  for (;;) {
    const next = nextScheduleTime(schedule, cursor);
    if (next === undefined || next > untilMs) return { time, count };
    time = next;
    count += 1;
    cursor = next;
    // too many missed: skip ahead, only the latest matters
    if (count >= countMax) cursor = Math.max(cursor, untilMs - dayMs);
    if (count > countMax * 20) return { time, count };
  }
}
