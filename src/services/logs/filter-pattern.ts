// CloudWatch Logs filter patterns (FilterLogEvents), the basics:
//   ''                      every event
//   ERROR                   events containing the term (case-sensitive)
//   ERROR Exception         every term (AND)
//   "request failed"        an exact phrase
//   ?ERROR ?WARN            any of the ?-terms (OR)
//   ERROR -DEBUG            a term, without another
//   { $.level = "error" }   JSON events: = and != against strings (with * wildcards) or numbers,
//                           < <= > >= against numbers, joined by && or || (no parentheses);
//                           `$.x IS NULL`, `NOT EXISTS` are not supported.
// Deliberate difference: space-delimited patterns ([ip, user, ...]) are refused with
// InvalidParameterException rather than matched.
import { invalidParameter } from './store.js';

export type Matcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): Matcher {
  const p = (pattern ?? '').trim();
  if (p === '') return () => true;
  if (p.startsWith('{')) return jsonPattern(p);
  if (p.startsWith('[')) throw invalidParameter('Nimbus does not support space-delimited filter patterns ([...]); use terms or a JSON pattern.');
  return termPattern(p);
}

function termPattern(p: string): Matcher {
  const tokens = [...p.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)].map((m) => ({ op: m[1], term: m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]! }));
  const any = tokens.filter((t) => t.op === '?').map((t) => t.term);
  const all = tokens.filter((t) => t.op === '').map((t) => t.term);
  const none = tokens.filter((t) => t.op === '-').map((t) => t.term);
  return (m) => all.every((t) => m.includes(t)) && !none.some((t) => m.includes(t)) && (any.length === 0 || any.some((t) => m.includes(t)));
}

interface Comparison {
  path: string[];
  op: string;
  value: string | number;
}

function jsonPattern(p: string): Matcher {
  if (!p.endsWith('}')) throw invalidParameter('Invalid character(s) in term');
  const body = p.slice(1, -1).trim();
  const disjuncts = body.split('||').map((d) => d.split('&&').map((c) => comparison(c.trim())));
  return (message) => {
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return disjuncts.some((conj) => conj.every((c) => holds(doc, c)));
  };
}

function comparison(text: string): Comparison {
  const m = /^\$((?:\.[A-Za-z0-9_-]+|\[\d+\])+)\s*(=|!=|<=|>=|<|>)\s*(.+)$/.exec(text);
  if (!m) throw invalidParameter(`Invalid filter pattern: ${text}`);
  const path = [...m[1]!.matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)].map((x) => x[1] ?? x[2]!);
  const raw = m[3]!.trim();
  const value = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (typeof value === 'string' && !['=', '!='].includes(m[2]!)) throw invalidParameter(`Invalid filter pattern: ${text}`);
  return { path, op: m[2]!, value };
}

function holds(doc: unknown, c: Comparison): boolean {
  let v: any = doc;
  for (const k of c.path) v = v !== null && typeof v === 'object' ? v[k] : undefined;
  if (v === undefined) return false;
  if (typeof c.value === 'string') {
    const re = new RegExp('^' + c.value.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    const eq = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? re.test(String(v)) : false;
    return c.op === '=' ? eq : !eq;
  }
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return c.op === '!=';
  switch (c.op) {
    case '=':
      return n === c.value;
    case '!=':
      return n !== c.value;
    case '<':
      return n < c.value;
    case '<=':
      return n <= c.value;
    case '>':
      return n > c.value;
    default:
      return n >= c.value;
  }
}
