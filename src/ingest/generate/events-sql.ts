/**
 * SQL for the player-event lake. Viewing sessions are drawn per day (weekly cycle, evening
 * peak, heavy users, a long tail of title popularity, binge sessions) for users whose
 * subscription is active that day, so churned users go quiet. Each session expands into
 * play, (pause|seek|buffer_start, resume|buffer_end)*, stop events whose times, positions and
 * watched seconds are closed-form functions of the session and the event's index, so one
 * day's file is a single set-based query with no window functions.
 */
import { Tag, intBelow, listLiteral, mix, uniform } from './sql-random.js';
import type { GeneratorPlan } from './generator-plan.js';
import { COUNTRY_CODES, DEVICE_NAMES } from './billing-sql.js';

/**
 * The low-cardinality event columns are ENUMs while generating: the Parquet writer turns an
 * ENUM into a dictionary-encoded string column without hashing every value, and readers see
 * plain strings.
 */
const EVENT_TYPE_ENUM = 'g_event_type';
const DEVICE_ENUM = 'g_device';
const COUNTRY_ENUM = 'g_country';
const APP_VERSION_ENUM = 'g_app_version';
/** App versions are `6.<release>.<build>`: a release every 30 days over the longest horizon, three builds each. */
const APP_RELEASES = Math.ceil((3660 + 30) / 30) + 1;
const APP_BUILDS = 3;

/** Every app version a session can report; fixed, so the ENUM never depends on the horizon. */
function appVersions(): string[] {
  const out: string[] = [];
  for (let r = 0; r < APP_RELEASES; r++) for (let b = 0; b < APP_BUILDS; b++) out.push(`6.${r}.${b}`);
  return out;
}

/** Statements that create the ENUM types the event columns use (run once, before the sessions). */
export function eventEnumStatements(): string[] {
  const values = (list: readonly string[]): string => list.map((v) => `'${v}'`).join(', ');
  return [
    `CREATE TYPE ${EVENT_TYPE_ENUM} AS ENUM (${values(['play', 'pause', 'resume', 'seek', 'buffer_start', 'buffer_end', 'stop'])})`,
    `CREATE TYPE ${DEVICE_ENUM} AS ENUM (${values(DEVICE_NAMES)})`,
    `CREATE TYPE ${COUNTRY_ENUM} AS ENUM (${values(COUNTRY_CODES)})`,
    `CREATE TYPE ${APP_VERSION_ENUM} AS ENUM (${values(appVersions())})`,
  ];
}

/** Sessions per active subscriber per day on an average weekday, when no event target is set. */
const SESSIONS_PER_USER_DAY = 0.6;
/** Share of sessions that are binges, by weekend/weekday. */
const BINGE_WEEKEND = 0.12;
const BINGE_WEEKDAY = 0.06;
/** Seconds reserved after each pause/seek/buffer for the break, so event times never overlap. */
const BREAK_SLOT = 300;
/** At most this many events in one session (2 + 2 * 19 pairs). */
export const MAX_EVENTS_PER_SESSION = 40;
/** Weekly cycle, Sunday first (DuckDB's `dayofweek`). */
const WEEKLY = [1.25, 0.85, 0.85, 0.9, 0.95, 1.15, 1.3];

/**
 * The one hash an event's draws come from: its watch offset (low bits), pause/seek/buffer kind
 * (bits 24+) and break length (bits 40+). One stream keyed by the pair index is enough here,
 * since no other draw shares its keys, and it keeps the per-row cost low.
 */
function eventHash(seed: number, j: string): string {
  return `hash(${seed}::BIGINT, ck, ${j})`;
}

/** Average number of events per session implied by the pair distribution below. */
export function expectedEventsPerSession(): number {
  let normalPairs = 0;
  for (let j = 1; j <= 9; j++) normalPairs += Math.exp(-j / 3);
  const weekendShare = 2 / 7;
  const binge = weekendShare * BINGE_WEEKEND + (1 - weekendShare) * BINGE_WEEKDAY;
  const pairs = binge * 11.5 + (1 - binge) * normalPairs;
  return 2 + 2 * pairs;
}

/** Builds `g_days` (one row per day with the number of candidate sessions to draw). */
export function daysStatement(p: GeneratorPlan): string {
  const start = `DATE '${p.start}'`;
  const weekly = `[${WEEKLY.join(', ')}]`;
  const avgWeekly = WEEKLY.reduce((a, b) => a + b, 0) / WEEKLY.length;
  const candidates =
    p.events === undefined
      ? `${p.scale}::DOUBLE * ${SESSIONS_PER_USER_DAY} * wf`
      : `${p.events / expectedEventsPerSession() / p.days}::DOUBLE * wf / ${avgWeekly}::DOUBLE / greatest(active::DOUBLE / ${p.scale}, 0.001)`;
  return `CREATE OR REPLACE TABLE g_days AS
WITH days AS (
  SELECT i::INTEGER AS d, (${start} + i::INTEGER) AS day FROM range(${p.days}) t(i)
), changes AS (
  SELECT greatest(start_date, ${start}) AS day, 1 AS delta FROM g_subs WHERE coalesce(end_date, DATE '${p.end}') >= ${start}
  UNION ALL
  SELECT end_date + 1 AS day, -1 AS delta FROM g_subs WHERE end_date >= ${start}
), per_day AS (
  SELECT day, sum(delta) AS delta FROM changes GROUP BY day
), active AS (
  SELECT d, day, (sum(coalesce(delta, 0)) OVER (ORDER BY day))::BIGINT AS active,
    ${weekly}[dayofweek(day) + 1] AS wf
  FROM days LEFT JOIN per_day USING (day)
)
SELECT d, day, active, wf, round(${candidates})::BIGINT AS n_cand,
  (epoch(day)::BIGINT * 1000000) AS day_us
FROM active ORDER BY d`;
}

/** Builds `g_sessions`: one row per viewing session with everything its events derive from. */
export function sessionsStatement(p: GeneratorPlan): string {
  const s = p.seed;
  const n = p.scale;
  const t = p.titleCount;
  const u = (tag: number, ...keys: string[]) => uniform(s, tag, ...keys);
  return `CREATE OR REPLACE TABLE g_sessions AS
WITH cand AS (
  SELECT g.d, g.day, g.day_us, (g.d::BIGINT << 32) + r.i AS ck,
    (${mix(s, Tag.sessionUserPerm, `floor(${n} * pow(${u(Tag.sessionUser, '(g.d::BIGINT << 32) + r.i')}, 1.7))::BIGINT`)} % ${n}::UBIGINT)::BIGINT AS uidx
  FROM g_days g, range(g.n_cand) r(i)
), active AS (
  SELECT c.*, u.user_id, u.country, u.primary_device
  FROM cand c
  JOIN g_subs sub ON sub.uidx = c.uidx AND c.day >= sub.start_date AND c.day <= coalesce(sub.end_date, DATE '${p.end}')
  JOIN g_users u ON u.uidx = c.uidx
), shaped AS (
  SELECT *,
    dayofweek(day) IN (0, 6) AS weekend,
    ${u(Tag.sessionBinge, 'ck')} < CASE WHEN dayofweek(day) IN (0, 6) THEN ${BINGE_WEEKEND} ELSE ${BINGE_WEEKDAY} END AS binge,
    CASE WHEN ${u(Tag.sessionBackground, 'ck')} < 0.18
      THEN floor(${u(Tag.sessionHour, 'ck')} * 86400)
      ELSE floor((20.5 * 3600 + (${u(Tag.sessionHour, 'ck')} + ${u(Tag.sessionHour2, 'ck')} - 1) * 9 * 3600 + 86400)) % 86400
    END::BIGINT AS sec_of_day
  FROM active
), sized AS (
  SELECT *,
    CASE WHEN binge THEN 8 + ${intBelow(s, Tag.sessionPairs, '8', 'ck')}
      ELSE least(9, floor(-ln(1 - ${u(Tag.sessionPairs, 'ck')}) * 3)) END::INTEGER AS m,
    CASE WHEN binge THEN 600 + ${intBelow(s, Tag.sessionWatch, '600', 'ck')}
      ELSE 240 + ${intBelow(s, Tag.sessionWatch, '600', 'ck')} END::BIGINT AS wavg
  FROM shaped
)
SELECT
  row_number() OVER (ORDER BY day_us + sec_of_day * 1000000, ck) AS session_id,
  ck, d AS start_day, user_id, country::${COUNTRY_ENUM} AS country,
  least(${t}, floor(exp(${u(Tag.sessionTitle, 'ck')} * ln(${t + 1}))))::INTEGER AS title_id,
  CASE WHEN ${u(Tag.sessionDevice, 'ck')} < 0.7 THEN primary_device
    ELSE ['tv', 'mobile', 'web', 'tablet'][1 + ${intBelow(s, Tag.sessionDevice, '4', 'ck', '1')}::INTEGER] END::${DEVICE_ENUM} AS device,
  -- a pick from a constant ENUM list, so no version string is built per session
  (${listLiteral(appVersions())}::${APP_VERSION_ENUM}[])[1 + ((d + (${mix(s, Tag.userDevice, 'uidx', '30')} % 30)::INTEGER) // 30) * ${APP_BUILDS} + (uidx % ${APP_BUILDS})::INTEGER] AS app_version,
  day_us + sec_of_day * 1000000 + ${intBelow(s, Tag.sessionSecond, '1000000', 'ck')} AS start_us,
  2 + 2 * m AS n_events, wavg,
  CASE WHEN ${u(Tag.sessionStartPos, 'ck')} < 0.6 THEN 0 ELSE floor(${u(Tag.sessionStartPos, 'ck', '1')} * 1800) END::BIGINT AS start_pos,
  -- cumulative watched seconds at the stop event (pair index m), the same formula the events use
  (m * wavg + wavg // 2 + (${eventHash(s, 'm')} % (wavg // 2)::UBIGINT)::BIGINT) AS total_watched,
  day_us + sec_of_day * 1000000 + 1000000 * (1 + m * wavg + wavg + m * ${BREAK_SLOT}) AS end_us_bound
FROM sized
ORDER BY session_id`;
}

/** The query for one day's event file: sessions of that day and the day before that run past midnight. */
export function eventsDayQuery(p: GeneratorPlan, d: number, dayUs: bigint): string {
  const s = p.seed;
  const lo = dayUs;
  const hi = dayUs + 86_400_000_000n;
  const ev = (name: string): string => `'${name}'::${EVENT_TYPE_ENUM}`;
  return `WITH s AS (
  SELECT * FROM g_sessions
  WHERE start_day = ${d} OR (start_day = ${d - 1} AND end_us_bound >= ${lo})
), e AS (
  -- one row per event: a lateral range over the session's own count, never a fixed fan-out
  SELECT s.*, r.k, CASE WHEN r.k = 0 THEN -1 ELSE (r.k - 1) // 2 END AS j
  FROM s, range(s.n_events) r(k)
), f AS (
  SELECT *, ${eventHash(s, 'j')} AS h, wavg // 2 AS half FROM e
), g AS (
  SELECT *,
    CASE WHEN j < 0 THEN 0 ELSE j * wavg + half + (h % half::UBIGINT)::BIGINT END AS a_j,
    CASE WHEN j < 1 THEN 0 ELSE (j - 1) * wavg + half + (${eventHash(s, '(j - 1)')} % half::UBIGINT)::BIGINT END AS a_prev,
    CASE WHEN (h >> 24) % 100 < 50 THEN 0 WHEN (h >> 24) % 100 < 82 THEN 1 ELSE 2 END AS kind,
    (h >> 40)::BIGINT AS bh
  FROM f
), x AS (
  SELECT *,
    (CASE kind WHEN 0 THEN 1 + bh % 15 WHEN 1 THEN 20 + bh % 280 ELSE 1 + bh % 3 END)::BIGINT AS b,
    start_us + 1000000 * CASE WHEN k = 0 THEN 0
      WHEN k % 2 = 1 THEN a_j + j * ${BREAK_SLOT}
      ELSE a_j + j * ${BREAK_SLOT} + (CASE kind WHEN 0 THEN 1 + bh % 15 WHEN 1 THEN 20 + bh % 280 ELSE 1 + bh % 3 END) END AS ts_us
  FROM g
)
SELECT
  session_id * ${64} + k AS event_id,
  user_id, title_id, session_id,
  make_timestamp(ts_us) AS event_ts,
  -- ENUM constants, so no string is built per event
  CASE WHEN k = 0 THEN ${ev('play')} WHEN k = n_events - 1 THEN ${ev('stop')}
    WHEN k % 2 = 1 THEN (CASE kind WHEN 0 THEN ${ev('buffer_start')} WHEN 1 THEN ${ev('pause')} ELSE ${ev('seek')} END)
    ELSE (CASE kind WHEN 0 THEN ${ev('buffer_end')} ELSE ${ev('resume')} END) END AS event_type,
  (start_pos + a_j)::INTEGER AS position_seconds,
  (CASE WHEN k % 2 = 1 THEN a_j - a_prev ELSE 0 END)::INTEGER AS watched_seconds,
  (CASE WHEN k > 0 AND k % 2 = 0 AND k < n_events - 1 AND kind = 0 THEN b ELSE 0 END)::INTEGER AS buffering_seconds,
  device, country, app_version
FROM x
WHERE ts_us >= ${lo} AND ts_us < ${hi}`;
}

/** The `viewing_activity.csv` query: hours watched per user and day, from the same sessions. */
export function viewingActivityQuery(): string {
  return `SELECT user_id, (epoch_ms(start_us // 1000))::DATE AS watch_date, round(sum(total_watched) / 3600.0, 1) AS hours_watched
FROM g_sessions
GROUP BY user_id, watch_date
HAVING hours_watched > 0
ORDER BY watch_date, user_id`;
}
