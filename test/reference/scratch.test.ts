import { test } from 'vitest';
import { readdirSync } from 'node:fs';
import { enumerate, loadScenario } from './enumerator.js';
import { runEngineJson } from './engine-json.js';
test('scratch', async () => {
for (const f of readdirSync('test/fixtures/model')) {
  const s = await loadScenario(`test/fixtures/model/${f}`);
  const eng = await runEngineJson([`test/fixtures/model/${f}`, '--schedule', 'exhaustive']);
  for (const v of Object.keys(s.variants)) {
    const e = await enumerate(s, v);
    const ev = eng.variants?.get(v);
    console.log(`${f} ${v}\n  ref=${e.interleavings} ${[...e.counts].map(([k,c])=>k+':'+c+'('+e.probabilities.get(k)!.toFixed(3)+')').join(', ')}\n  eng=${ev?.interleavings} ${[...(ev?.counts ?? [])].map(([k,c])=>k+':'+c).join(', ')} ${eng.stderr}`);
  }
}
});
