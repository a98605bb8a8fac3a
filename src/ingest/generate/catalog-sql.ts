/**
 * SQL for the content side of the demo service: the title catalog, MovieLens-shaped ratings
 * and tags, and hourly snapshots of live streams in the shape of Twitch Helix `Get Streams`.
 */
import { Tag, intBelow, listLiteral, mix, uniform, weightedPick } from './sql-random.js';
import { parseDay, type GeneratorPlan } from './generator-plan.js';

const GENRES = [
  'Action', 'Adventure', 'Animation', 'Children', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];
const WORDS_A = [
  'Silent', 'Crimson', 'Hidden', 'Last', 'Broken', 'Golden', 'Midnight', 'Frozen', 'Wild', 'Distant',
  'Electric', 'Burning', 'Lost', 'Secret', 'Quiet', 'Iron', 'Velvet', 'Northern', 'Paper', 'Glass',
];
const WORDS_B = [
  'Harbor', 'Kingdom', 'Signal', 'Garden', 'Frontier', 'Empire', 'River', 'Witness', 'Orchard', 'Protocol',
  'Summer', 'Machine', 'Island', 'Letters', 'Horizon', 'Station', 'Detective', 'Valley', 'Circus', 'Archive',
];
const TAGS = [
  'funny', 'dark', 'twist ending', 'slow burn', 'based on a book', 'great soundtrack',
  'visually stunning', 'predictable', 'classic', 'binge-worthy', 'atmospheric', 'feel-good',
];
const GAMES: ReadonlyArray<readonly [string, string]> = [
  ['509658', 'Just Chatting'], ['21779', 'League of Legends'], ['32982', 'Grand Theft Auto V'],
  ['516575', 'VALORANT'], ['33214', 'Fortnite'], ['27471', 'Minecraft'], ['29595', 'Dota 2'],
  ['32399', 'Counter-Strike'], ['511224', 'Apex Legends'], ['26936', 'Music'], ['509660', 'Art'],
  ['518203', 'Sports'], ['491931', 'Escape from Tarkov'], ['18122', 'World of Warcraft'],
  ['512710', 'Call of Duty: Warzone'], ['509663', 'Special Events'], ['66082', 'Games + Demos'],
  ['488190', 'Poker'], ['1469308723', 'Software and Game Development'], ['490100', 'Lost Ark'],
];
const STREAM_TAGS = ['English', 'Chill', 'Competitive', 'FPS', 'NoBackseating', 'Speedrun', 'DropsEnabled', 'Ranked', 'Cozy', 'Educational'];
const TITLE_PREFIXES = ['!drops', 'ranked grind', 'chill vibes', 'day 100 of', 'road to top 500', 'first playthrough', 'late night', 'community games'];
const NAME_A = ['pixel', 'shadow', 'lucky', 'turbo', 'frost', 'neon', 'cosmic', 'retro', 'silent', 'mega'];
const NAME_B = ['wolf', 'fox', 'panda', 'knight', 'queen', 'gamer', 'pilot', 'wizard', 'otter', 'byte'];

/**
 * Ratings and tags are stamped over a fixed calendar window around the start day (not over the
 * generated horizon) and only those stamped by the last day are written, so one more day adds
 * that day's ratings and keeps every earlier one.
 */
const RATING_WINDOW_BEFORE_DAYS = 365;
const RATING_WINDOW_DAYS = 730;

/** SQL for a rating or tag time in the fixed window, from a uniform draw `u`. */
function windowTimestamp(p: GeneratorPlan, u: string): string {
  return `epoch(DATE '${p.start}')::BIGINT - ${RATING_WINDOW_BEFORE_DAYS * 86400} + floor(${u} * ${RATING_WINDOW_DAYS * 86400})::BIGINT`;
}

/** The first second after the last generated day. */
function endEpoch(p: GeneratorPlan): string {
  return `epoch(DATE '${p.end}' + 1)::BIGINT`;
}

/** Builds `g_titles`. */
export function titlesStatement(p: GeneratorPlan): string {
  const s = p.seed;
  const u = (tag: number, ...keys: string[]) => uniform(s, tag, ...keys);
  return `CREATE OR REPLACE TABLE g_titles AS
WITH base AS (
  SELECT i + 1 AS title_id,
    ${listLiteral(GENRES)}[1 + ${intBelow(s, Tag.titleGenre, String(GENRES.length), 'i')}::INTEGER] AS g1,
    ${listLiteral(GENRES)}[1 + ${intBelow(s, Tag.titleGenre2, String(GENRES.length), 'i')}::INTEGER] AS g2,
    ${u(Tag.titleGenre2, 'i', '1')} < 0.55 AS two_genres,
    CASE WHEN ${u(Tag.titleType, 'i')} < 0.3 THEN 'series' ELSE 'movie' END AS type,
    (DATE '${p.start}' - 1 - floor(pow(${u(Tag.titleRelease, 'i')}, 2) * 365 * 30)::INTEGER) AS release_date,
    ${listLiteral(WORDS_A)}[1 + ${intBelow(s, Tag.titleWord1, String(WORDS_A.length), 'i')}::INTEGER] AS w1,
    ${listLiteral(WORDS_B)}[1 + ${intBelow(s, Tag.titleWord2, String(WORDS_B.length), 'i')}::INTEGER] AS w2,
    round(2.0 + 2.6 * ${u(Tag.titleQuality, 'i')}, 2) AS quality,
    ${u(Tag.titleRuntime, 'i')} AS ur,
    ${weightedPick(u(Tag.titleMaturity, 'i'), [['G', 10], ['PG', 20], ['PG-13', 35], ['R', 25], ['TV-MA', 10]])} AS maturity_rating
  FROM range(${p.titleCount}) t(i)
)
SELECT title_id,
  'The ' || w1 || ' ' || w2 || CASE WHEN title_id > ${WORDS_A.length * WORDS_B.length} THEN ' ' || (title_id // ${WORDS_A.length * WORDS_B.length} + 1)::VARCHAR ELSE '' END AS title,
  type,
  CASE WHEN two_genres AND g1 <> g2 THEN g1 || '|' || g2 ELSE g1 END AS genres,
  release_date,
  CASE WHEN type = 'series' THEN 22 + floor(ur * 40) ELSE 80 + floor(ur * 70) END::INTEGER AS runtime_minutes,
  maturity_rating, quality
FROM base ORDER BY title_id`;
}

/** The `catalog/titles.csv` export. */
export function titlesCsvQuery(): string {
  return `SELECT title_id, title, type, genres, release_date, runtime_minutes, maturity_rating FROM g_titles ORDER BY title_id`;
}

/** MovieLens `movies.csv`: movieId,title,genres with the release year in the title. */
export function movieLensMoviesQuery(): string {
  return `SELECT title_id AS movieId, title || ' (' || year(release_date)::VARCHAR || ')' AS title, genres FROM g_titles ORDER BY title_id`;
}

/** MovieLens `ratings.csv`: userId,movieId,rating,timestamp, one rating per user and title. */
export function movieLensRatingsQuery(p: GeneratorPlan): string {
  const s = p.seed;
  const u = (tag: number, ...keys: string[]) => uniform(s, tag, ...keys);
  const count = Math.min(5_000_000, p.scale * 4);
  const t = p.titleCount;
  return `WITH r AS (
  SELECT i,
    1 + floor(${p.scale} * pow(${u(Tag.ratingUser, 'i')}, 1.5))::BIGINT AS userId,
    least(${t}, floor(exp(${u(Tag.ratingTitle, 'i')} * ln(${t + 1}))))::INTEGER AS movieId,
    ${u(Tag.ratingValue, 'i')} AS noise,
    ${windowTimestamp(p, u(Tag.ratingTime, 'i'))} AS timestamp
  FROM range(${count}) t(i)
), q AS (
  SELECT r.*, least(5.0, greatest(0.5, round((g.quality + (noise - 0.5) * 2.5) * 2) / 2)) AS rating
  FROM r JOIN g_titles g ON g.title_id = r.movieId
)
SELECT userId, movieId, rating::DECIMAL(2,1) AS rating, timestamp FROM q
WHERE timestamp < ${endEpoch(p)}
-- the earliest rating of a pair wins, so a later day never displaces an earlier row
QUALIFY row_number() OVER (PARTITION BY userId, movieId ORDER BY timestamp, i) = 1
ORDER BY userId, movieId`;
}

/** MovieLens `tags.csv`: userId,movieId,tag,timestamp. */
export function movieLensTagsQuery(p: GeneratorPlan): string {
  const s = p.seed;
  const u = (tag: number, ...keys: string[]) => uniform(s, tag, ...keys);
  const count = Math.max(20, Math.min(500_000, Math.round(p.scale / 5)));
  const t = p.titleCount;
  return `WITH r AS (
  SELECT i,
    1 + floor(${p.scale} * pow(${u(Tag.ratingUser, 'i', '7')}, 2))::BIGINT AS userId,
    least(${t}, floor(exp(${u(Tag.ratingTitle, 'i', '7')} * ln(${t + 1}))))::INTEGER AS movieId,
    ${listLiteral(TAGS)}[1 + ${intBelow(s, Tag.tagPick, String(TAGS.length), 'i')}::INTEGER] AS tag,
    ${windowTimestamp(p, u(Tag.ratingTime, 'i', '7'))} AS timestamp
  FROM range(${count}) t(i)
)
SELECT userId, movieId, tag, timestamp FROM r
WHERE timestamp < ${endEpoch(p)}
QUALIFY row_number() OVER (PARTITION BY userId, movieId, tag ORDER BY timestamp, i) = 1
ORDER BY userId, movieId, tag`;
}

/** Hourly live-stream snapshots over the last generated day, Helix `streams` columns plus `snapshot_ts`. */
export function streamsQuery(p: GeneratorPlan): string {
  // The snapshot day joins every draw's keys, so each day has its own streams.
  const s = p.seed + 1_000_003 * Math.round((parseDay(p.end) ?? 0) / 86_400_000);
  const u = (tag: number, ...keys: string[]) => uniform(s, tag, ...keys);
  const games = `(VALUES ${GAMES.map(([id, name], i) => `(${i}, '${id}', '${name.replace(/'/g, "''")}')`).join(', ')}) AS game(idx, id, name)`;
  return `WITH snaps AS (
  SELECT h::INTEGER AS h, (DATE '${p.end}')::TIMESTAMP + to_hours(h::INTEGER) AS snapshot_ts FROM range(24) t(h)
), channels AS (
  SELECT c,
    ${listLiteral(NAME_A)}[1 + (c % ${NAME_A.length})::INTEGER] || ${listLiteral(NAME_B)}[1 + ((c // ${NAME_A.length}) % ${NAME_B.length})::INTEGER] || (c // ${NAME_A.length * NAME_B.length})::VARCHAR AS login,
    (100000000 + c * 37)::VARCHAR AS user_id,
    0.2 + 0.5 * ${u(Tag.channelLive, 'c')} AS p_live,
    floor(exp(${u(Tag.channelPopularity, 'c')} * ln(60000)))::BIGINT AS popularity,
    ${intBelow(s, Tag.channelStart, '4', 'c')}::INTEGER AS offset_h,
    least(${GAMES.length - 1}, floor(pow(${u(Tag.channelGame, 'c')}, 1.8) * ${GAMES.length}))::INTEGER AS game_idx,
    ${weightedPick(u(Tag.channelLang, 'c'), [['en', 55], ['es', 10], ['pt', 8], ['de', 6], ['fr', 5], ['ja', 5], ['ko', 4], ['ru', 4], ['it', 3]])} AS language,
    ${u(Tag.channelMature, 'c')} < 0.15 AS is_mature
  FROM range(${p.channelCount}) t(c)
), live AS (
  SELECT sn.snapshot_ts, sn.h, ch.*, (sn.h + ch.offset_h) // 4 AS block, game.id AS game_id, game.name AS game_name
  FROM snaps sn, channels ch JOIN ${games} ON game.idx = ch.game_idx
  WHERE ${u(Tag.channelLive, 'ch.c', '(sn.h + ch.offset_h) // 4')} < ch.p_live
)
SELECT
  strftime(snapshot_ts, '%Y-%m-%dT%H:%M:%SZ') AS snapshot_ts,
  (40000000000 + ${mix(s, Tag.channelStart, 'c', 'block', '99')} % 9000000000)::VARCHAR AS id,
  user_id, login AS user_login,
  upper(login[1]) || login[2:] AS user_name,
  game_id, game_name,
  'live' AS type,
  ${listLiteral(TITLE_PREFIXES)}[1 + ${intBelow(s, Tag.channelTitle, String(TITLE_PREFIXES.length), 'c', 'block')}::INTEGER] || ' | ' || game_name AS title,
  greatest(1, floor(popularity * (0.55 + 0.45 * sin(pi() * (h - 8) / 12.0) ^ 2) * (0.8 + 0.4 * ${u(Tag.channelViewers, 'c', 'h')})))::BIGINT AS viewer_count,
  strftime(least(snapshot_ts - INTERVAL 1 MINUTE,
    (DATE '${p.end}')::TIMESTAMP + to_hours(block * 4 - offset_h) + to_minutes(${intBelow(s, Tag.channelStart, '50', 'c', 'block')}::INTEGER)),
    '%Y-%m-%dT%H:%M:%SZ') AS started_at,
  language,
  'https://static-cdn.example.com/previews-ttv/live_user_' || login || '-{width}x{height}.jpg' AS thumbnail_url,
  is_mature,
  CASE WHEN language_tag(language) = extra_tag THEN [extra_tag] ELSE [language_tag(language), extra_tag] END AS tags
FROM (SELECT *, ${listLiteral(STREAM_TAGS)}[1 + ${intBelow(s, Tag.channelTags, String(STREAM_TAGS.length), 'c')}::INTEGER] AS extra_tag FROM live)
ORDER BY snapshot_ts, viewer_count DESC, id`;
}

/** DuckDB macro turning a language code into the tag Twitch shows for it. */
export const LANGUAGE_TAG_MACRO = `CREATE OR REPLACE MACRO language_tag(l) AS CASE l
  WHEN 'en' THEN 'English' WHEN 'es' THEN 'Español' WHEN 'pt' THEN 'Português' WHEN 'de' THEN 'Deutsch'
  WHEN 'fr' THEN 'Français' WHEN 'ja' THEN '日本語' WHEN 'ko' THEN '한국어' WHEN 'ru' THEN 'Русский' ELSE 'Italiano' END`;
