/**
 * Hash-based pseudo-randomness for generator SQL. Every draw is a pure function of the seed,
 * a stream tag and the row's keys, so the same arguments give the same data on any thread
 * count and in any row order.
 */

/** Distinct stream tags, so that two draws on the same keys are independent. */
export const Tag = {
  userCountry: 1,
  userSignup: 2,
  userPlan: 3,
  userExisting: 4,
  userDevice: 5,
  segLength: 10,
  segOutcome: 11,
  segGap: 12,
  segPlan: 13,
  sessionUser: 20,
  sessionUserPerm: 21,
  sessionHour: 22,
  sessionHour2: 23,
  sessionBackground: 24,
  sessionTitle: 25,
  sessionBinge: 26,
  sessionPairs: 27,
  sessionWatch: 28,
  sessionStartPos: 29,
  sessionDevice: 30,
  sessionSecond: 31,
  eventWatch: 40,
  eventKind: 41,
  eventBreak: 42,
  titleGenre: 50,
  titleGenre2: 51,
  titleType: 52,
  titleRelease: 53,
  titleWord1: 54,
  titleWord2: 55,
  titleRuntime: 56,
  titleQuality: 57,
  titleMaturity: 58,
  ratingUser: 60,
  ratingTitle: 61,
  ratingValue: 62,
  ratingTime: 63,
  tagPick: 64,
  channelLive: 70,
  channelGame: 71,
  channelPopularity: 72,
  channelLang: 73,
  channelStart: 74,
  channelTitle: 75,
  channelMature: 76,
  channelViewers: 77,
  channelTags: 78,
} as const;

/**
 * SQL for a 64-bit hash of the seed, tag and keys. DuckDB combines the hashes of several
 * arguments cheaply, so two tags over the same keys would be correlated; hashing the combined
 * value once more mixes them into independent streams.
 */
export function mix(seed: number, tag: number, ...keys: string[]): string {
  return `hash(hash(${seed}::BIGINT, ${tag}, ${keys.join(', ')}))`;
}

/** SQL for a uniform draw in [0, 1) keyed by `keys` (SQL expressions). */
export function uniform(seed: number, tag: number, ...keys: string[]): string {
  return `((${mix(seed, tag, ...keys)} >> 11)::DOUBLE / 9007199254740992.0)`;
}

/** SQL for a uniform integer draw in [0, n) keyed by `keys`; `n` is an SQL expression. */
export function intBelow(seed: number, tag: number, n: string, ...keys: string[]): string {
  return `(${mix(seed, tag, ...keys)} % (${n})::UBIGINT)::BIGINT`;
}

/** SQL that picks one of `values` (string literals) with the given integer weights using draw `u`. */
export function weightedPick(u: string, choices: ReadonlyArray<readonly [string, number]>): string {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let acc = 0;
  const arms = choices.slice(0, -1).map(([value, w]) => {
    acc += w;
    return `WHEN ${u} < ${(acc / total).toFixed(6)} THEN '${value}'`;
  });
  const last = choices[choices.length - 1];
  return `CASE ${arms.join(' ')} ELSE '${last ? last[0] : ''}' END`;
}

/** A list literal of strings, for `list[1 + index]` picks. */
export function listLiteral(values: readonly string[]): string {
  return `[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
}
