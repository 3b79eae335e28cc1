/**
 * “Did you mean …?” for an unknown command word: the command whose alias is nearest by edit
 * distance, Chinese and English aliases alike, only when the guess is honest.
 */
import { ALIAS_ENTRIES } from './aliases.js';
import type { CommandName } from './command.js';

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[t.length]!;
}

/**
 * English words are compared whole and may be off by one (two from five letters on: “overdeu”,
 * “todya”). Chinese has no spaces, so an alias is compared with the start of the word, one
 * character longer or shorter, and may be off by one character (“逾其”, “隐惠全部”). Aliases of one
 * or two letters (“h”, “me”, “我”, “?”) are too short to guess from. When two different commands
 * are equally near (“本洲”: 本周 or 本月?) there is no honest guess, so none is made.
 */
export function closestCommand(word: string): CommandName | undefined {
  const w = word.toLowerCase().slice(0, 40);
  if (w === '') return undefined;
  let best = Infinity;
  let found = new Set<CommandName>();
  for (const { alias, command, english } of ALIAS_ENTRIES) {
    const d = english ? englishDistance(w, alias) : chineseDistance(w, alias);
    if (d === undefined || d > best) continue;
    if (d < best) found = new Set();
    best = d;
    found.add(command);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function englishDistance(word: string, alias: string): number | undefined {
  if (alias.length < 3 || Math.abs(word.length - alias.length) > 2) return undefined;
  const d = editDistance(word, alias);
  return d <= (alias.length >= 5 ? 2 : 1) ? d : undefined;
}

function chineseDistance(word: string, alias: string): number | undefined {
  const chars = Array.from(alias).length;
  if (chars < 2 || /^[\x20-\x7e]/.test(word)) return undefined;
  const w = Array.from(word);
  const ds = [chars - 1, chars, chars + 1].map((k) => editDistance(w.slice(0, k).join(''), alias));
  const d = Math.min(...ds);
  return d <= 1 ? d : undefined;
}
