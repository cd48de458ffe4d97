import { permutation, seededRandom } from '../training/digits.js';

export const ROUND_SIZE = 5;

/** The questions of one round: ROUND_SIZE of the bank, drawn by a seeded shuffle, so a seed replays a round. */
export function drawRound<T>(bank: readonly T[], seed: number, size = ROUND_SIZE): T[] {
  const order = permutation(bank.length, seededRandom(seed));
  return [...order.subarray(0, size)].map((index) => bank[index]);
}

/** The seed of the first round: `?quiz-seed=N` in the address replays a round; otherwise a fresh one. */
export function firstSeed(search: string): number {
  const given = new URLSearchParams(search).get('quiz-seed');
  const seed = given === null ? Number.NaN : Number.parseInt(given, 10);
  return Number.isFinite(seed) ? seed : Math.floor(Math.random() * 2 ** 31);
}
