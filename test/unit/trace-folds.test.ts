/**
 * A trace folds a run of identical steps (a poll that spins until --max-steps) into the step and
 * one row that says which steps repeat it: before, a step-limit trace printed 20,000 lines, and
 * toBeRaceFree's message with it. Only steps that read exactly alike are folded.
 */
import { describe, expect, it } from 'vitest';
import { foldRepeatedSteps, FOLD_AFTER, repeatText, type TraceRow } from '../../src/cli/trace-folds.js';
import { cellText } from '../../src/cli/render-trace.js';
import type { TraceEvent } from '../../src/core/trace-event.js';

const ev = (step: number, task: number, text: string, extra: Partial<TraceEvent> = {}): TraceEvent => ({
  step,
  task,
  text,
  kind: 'other',
  ...extra,
});

/** A poller: step 1 starts it, steps 2..n each read and yield. */
function poll(steps: number): TraceEvent[] {
  const events = [ev(1, 1, 'start'), ev(1, 1, 'read done → false'), ev(1, 1, 'yield')];
  for (let step = 2; step <= steps; step++) events.push(ev(step, 1, 'read done → false'), ev(step, 1, 'yield'));
  return events;
}

const shown = (rows: TraceRow[]): string[] => rows.map((r) => ('repeat' in r ? repeatText(r.repeat) : `${r.event.step} ${r.event.text}`));

describe('foldRepeatedSteps', () => {
  it('shows a long run of one step once, then the steps that repeat it, with their count', () => {
    const rows = foldRepeatedSteps([...poll(10_000), ev(10_000, -1, 'step limit: more than 10000 steps')], cellText);
    expect(shown(rows)).toEqual([
      '1 start',
      '1 read done → false',
      '1 yield',
      '2 read done → false',
      '2 yield',
      '⋮ steps 3–10000 each repeat step 2 (9,998 times)',
      '10000 step limit: more than 10000 steps',
    ]);
  });

  it(`leaves up to ${FOLD_AFTER} repeats as they are`, () => {
    const events = poll(2 + FOLD_AFTER);
    expect(foldRepeatedSteps(events, cellText).map((r) => ('event' in r ? r.event : r))).toEqual(events);
    expect(shown(foldRepeatedSteps(poll(3 + FOLD_AFTER), cellText)).at(-1)).toBe(
      `⋮ steps 3–${3 + FOLD_AFTER} each repeat step 2 (${FOLD_AFTER + 1} times)`,
    );
  });

  it('never folds steps that differ in a word, in a mark, or in the task', () => {
    const counting = [ev(1, 0, 'start')];
    for (let step = 2; step <= 20; step++) counting.push(ev(step, 0, `write n = ${step}`));
    expect(foldRepeatedSteps(counting, cellText)).toHaveLength(counting.length);
    const marked = [ev(1, 0, 'start')];
    for (let step = 2; step <= 10; step++) marked.push(ev(step, 0, 'read x → 0', step === 6 ? { stale: true } : {}));
    expect(foldRepeatedSteps(marked, cellText)).toHaveLength(marked.length);
    const alternating = [];
    for (let step = 1; step <= 20; step++) alternating.push(ev(step, step % 2, `yield ${step}`));
    expect(foldRepeatedSteps(alternating, cellText)).toHaveLength(alternating.length);
  });

  it('folds a cycle of steps: two tasks that poll each other in turn', () => {
    const events = [ev(1, 0, 'start'), ev(2, 1, 'start')];
    for (let step = 3; step <= 2000; step++) events.push(ev(step, (step + 1) % 2, 'read done → false'), ev(step, (step + 1) % 2, 'yield'));
    expect(shown(foldRepeatedSteps(events, cellText))).toEqual([
      '1 start',
      '2 start',
      '3 read done → false',
      '3 yield',
      '4 read done → false',
      '4 yield',
      '⋮ steps 5–2000 repeat steps 3–4, 998 times over',
    ]);
  });

  it("compares a step whole: a step with another task's row too repeats only a step that has it", () => {
    // Step 2 also wakes task 1 (a row in its column): steps 3.. lack it, so they repeat step 3, not 2.
    const events = [ev(1, 0, 'start'), ev(2, 0, 'yield'), ev(2, 1, 'woken')];
    for (let step = 3; step <= 10; step++) events.push(ev(step, 0, 'yield'));
    expect(shown(foldRepeatedSteps(events, cellText))).toEqual([
      '1 start',
      '2 yield',
      '2 woken',
      '3 yield',
      '⋮ steps 4–10 each repeat step 3 (7 times)',
    ]);
  });
});
