/**
 * Signed durations as written in config: reminder offsets and escalation delays such as '-2h'
 * (two hours before the deadline), '3h30m', '+1d' or '-2d9h'.
 */

// Units must come in the order d, h, m and each at most once, so '1h1d' or '2h2h' are rejected as
// likely typos instead of being summed.
const DURATION_RE = /^([+-])?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/**
 * Parses a signed duration into minutes: '0' → 0, '90m' → 90, '-2h' → -120, '3h30m' → 210,
 * '-2d9h' → -3420 (the sign applies to the whole duration). Surrounding whitespace is ignored.
 * Returns null for anything else: a bare number other than 0 ('30' has no unit), an empty
 * string, a lone sign, unknown units, mixed signs ('1d-2h'), or out-of-range values.
 */
export function parseDuration(s: string): number | null {
  const text = s.trim();
  if (/^[+-]?0$/.test(text)) return 0;
  const m = DURATION_RE.exec(text);
  if (!m || (m[2] === undefined && m[3] === undefined && m[4] === undefined)) return null;
  const minutes = Number(m[2] ?? 0) * 1440 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  if (!Number.isSafeInteger(minutes)) return null;
  // Avoid returning -0 for '-0m'.
  return m[1] === '-' && minutes !== 0 ? -minutes : minutes;
}
