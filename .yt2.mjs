import { parseDocument } from 'yaml';
for (const n of [100, 1000, 3000, 10000, 30000]) {
  const deep = '['.repeat(n) + ']'.repeat(n);
  const t = Date.now();
  try { const d = parseDocument(deep); console.log(n, 'errs', d.errors.length, Date.now()-t); d.toJS(); console.log(n, 'ok', Date.now()-t) } catch (e) { console.log(n, e.constructor.name, e.message.slice(0,80), Date.now()-t) }
}
