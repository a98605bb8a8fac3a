/**
 * SQL for the demo service's billing system: users, their subscription history (plan changes,
 * cancellations, re-subscriptions) and the monthly payments those subscriptions imply.
 */
import { Tag, intBelow, uniform, weightedPick } from './sql-random.js';
import type { GeneratorPlan } from './generator-plan.js';

/** Monthly price of each plan, as the billing exports print it. */
export const PLAN_PRICES: Readonly<Record<string, string>> = {
  basic: '9.99',
  standard: '13.99',
  premium: '17.99',
};

const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['US', 30], ['IN', 12], ['BR', 10], ['GB', 8], ['DE', 8], ['MX', 7], ['FR', 6], ['CA', 6], ['JP', 6], ['ES', 7],
];
/** The country codes users come from. */
export const COUNTRY_CODES: readonly string[] = COUNTRIES.map(([code]) => code);
const PLANS: ReadonlyArray<readonly [string, number]> = [['basic', 45], ['standard', 35], ['premium', 20]];
const DEVICES: ReadonlyArray<readonly [string, number]> = [['tv', 40], ['mobile', 30], ['web', 18], ['tablet', 12]];
/** The devices users watch on. */
export const DEVICE_NAMES: readonly string[] = DEVICES.map(([name]) => name);

/** How many billing segments a user can have at most (first subscription plus changes and returns). */
export const MAX_SEGMENTS = 5;
/** A segment lasts at most this many billing months. */
const MAX_MONTHS = 37;
/**
 * The population's signups are spread over a fixed calendar window around the start day, never
 * over the generated horizon: a user's signup day depends on the seed and the user only, so
 * generating one more day adds the users who sign up that day and changes nobody else.
 */
export const SIGNUP_HISTORY_DAYS = 365;
export const SIGNUP_FUTURE_DAYS = 365;
/** Share of the population already subscribed before the start day (an established service). */
const EXISTING_SHARE = 0.6;

/** Digits of subscription and payment ids: fixed by the population, so ids never widen as days are added. */
export function billingIdWidths(p: GeneratorPlan): { subscription: number; payment: number } {
  const subs = p.scale * MAX_SEGMENTS;
  return { subscription: Math.max(3, String(subs).length), payment: Math.max(3, String(subs * MAX_MONTHS).length) };
}

/** Statements that build `g_users` and `g_seg` (in this order). */
export function billingStatements(p: GeneratorPlan): string[] {
  const s = p.seed;
  const start = `DATE '${p.start}'`;
  const end = `DATE '${p.end}'`;
  const statements: string[] = [];
  statements.push(`CREATE OR REPLACE TABLE g_users AS
SELECT i AS uidx,
  'U' || lpad((i + 1)::VARCHAR, ${p.userIdWidth}, '0') AS user_id,
  ${weightedPick(uniform(s, Tag.userCountry, 'i'), COUNTRIES)} AS country,
  CASE WHEN ${uniform(s, Tag.userExisting, 'i')} < ${EXISTING_SHARE}
    THEN ${start} - 1 - floor(${uniform(s, Tag.userSignup, 'i')} * ${SIGNUP_HISTORY_DAYS})::INTEGER
    ELSE ${start} + floor(pow(${uniform(s, Tag.userSignup, 'i')}, 0.8) * ${SIGNUP_FUTURE_DAYS})::INTEGER END AS signup_date,
  ${weightedPick(uniform(s, Tag.userPlan, 'i'), PLANS)} AS plan_type,
  ${weightedPick(uniform(s, Tag.userDevice, 'i'), DEVICES)} AS primary_device
FROM range(${p.scale}) t(i)`);

  // Segment k: a subscription on one plan for `months` billing periods, then an outcome:
  // a plan change (next segment the day after), a return after a gap, or a cancellation.
  const segColumns = (k: string) => `
  1 + least(${MAX_MONTHS - 1}, floor(-ln(1 - ${uniform(s, Tag.segLength, 'uidx', k)}) * 6))::INTEGER AS months,
  CASE WHEN ${uniform(s, Tag.segOutcome, 'uidx', k)} < 0.25 THEN 'change'
       WHEN ${uniform(s, Tag.segOutcome, 'uidx', k)} < 0.55 THEN 'return' ELSE 'cancel' END AS outcome`;
  statements.push(`CREATE OR REPLACE TABLE g_seg AS
SELECT uidx, 0 AS k, signup_date AS start_date, plan_type AS plan, ${segColumns('0')}
FROM g_users WHERE signup_date <= ${end}`);
  for (let k = 1; k < MAX_SEGMENTS; k++) {
    statements.push(`INSERT INTO g_seg
WITH prev AS (
  SELECT uidx, plan, outcome,
    (start_date + to_months(months) - INTERVAL 1 DAY)::DATE AS end_raw
  FROM g_seg WHERE k = ${k - 1} AND outcome <> 'cancel'
), nxt AS (
  SELECT uidx,
    CASE WHEN outcome = 'change' THEN end_raw + 1
         ELSE end_raw + 20 + ${intBelow(s, Tag.segGap, '130', 'uidx', String(k))}::INTEGER END AS start_date,
    CASE WHEN outcome = 'change'
      THEN ['basic', 'standard', 'premium'][1 + ((list_position(['basic', 'standard', 'premium'], plan) + ${intBelow(s, Tag.segPlan, '2', 'uidx', String(k))}) % 3)::INTEGER]
      ELSE plan END AS plan
  FROM prev
)
SELECT uidx, ${k} AS k, start_date, plan, ${segColumns(String(k))}
FROM nxt WHERE start_date <= ${end}`);
  }
  return statements;
}

/** Builds `g_subs` from `g_seg`, numbering subscriptions `S` + `width` digits in start order. */
export function subscriptionsStatement(p: GeneratorPlan, width: number): string {
  const end = `DATE '${p.end}'`;
  return `CREATE OR REPLACE TABLE g_subs AS
WITH seg AS (
  SELECT g.uidx, u.user_id, g.k, g.start_date, g.plan, g.months,
    (g.start_date + to_months(g.months) - INTERVAL 1 DAY)::DATE AS end_raw
  FROM g_seg g JOIN g_users u USING (uidx)
)
SELECT 'S' || lpad(row_number() OVER (ORDER BY start_date, uidx, k)::VARCHAR, ${width}, '0') AS subscription_id,
  uidx, user_id, k, start_date,
  CASE WHEN end_raw > ${end} THEN NULL ELSE end_raw END AS end_date,
  plan,
  CASE plan WHEN 'basic' THEN ${PLAN_PRICES.basic} WHEN 'standard' THEN ${PLAN_PRICES.standard} ELSE ${PLAN_PRICES.premium} END::DECIMAL(10,2) AS monthly_price,
  months
FROM seg
ORDER BY start_date, uidx, k`;
}

/** The `users.csv` export query: the users who have signed up by the last day. */
export function usersCsvQuery(p: GeneratorPlan): string {
  return `SELECT user_id, country, signup_date, plan_type FROM g_users WHERE signup_date <= DATE '${p.end}' ORDER BY uidx`;
}

/** The `subscriptions.csv` export query. */
export function subscriptionsCsvQuery(): string {
  return `SELECT subscription_id, user_id, start_date, end_date, monthly_price FROM g_subs ORDER BY subscription_id`;
}

/** The `payments.csv` export query: one payment per started billing month up to the last day. */
export function paymentsCsvQuery(p: GeneratorPlan, width: number): string {
  return `WITH pay AS (
  SELECT s.user_id, s.subscription_id, (s.start_date + to_months(r.m::INTEGER))::DATE AS payment_date, s.monthly_price AS amount
  FROM g_subs s, range(s.months) r(m)
)
SELECT 'P' || lpad(row_number() OVER (ORDER BY payment_date, user_id, subscription_id)::VARCHAR, ${width}, '0') AS payment_id,
  user_id, payment_date, amount
FROM pay WHERE payment_date <= DATE '${p.end}'
ORDER BY payment_id`;
}
