import { trialOneOnly } from '../core/run-report.js';
import type { CheckResult } from '../core/check.js';
import type { Coverage, LockAblation, MinimalRace, VariantAblation } from '../core/extras-types.js';
import type { VariantReport } from '../core/run-scenario.js';
import { DEADLOCK, isRunnerOutcome, type RunnerOutcome } from '../core/runner-outcomes.js';
import type { Colors } from './colors.js';
import { formatCount, formatPercent } from './numbers.js';
import { DEFAULT_WIDTH, fitLines, padVisible, printable, visibleWidth } from './text-width.js';
import { shortShownValue } from './shown-value.js';

/**
 * The lines the extras add under a variant: its smallest race, the coverage of its random or
 * pct trials, and the ablation of its locks. Each claim names the search behind it.
 */
export interface ExtrasView {
  /** The command that replays one schedule of this variant. */
  replayCommand: (schedule: string) => string;
  /** The command that replays one schedule of this variant with a lock removed. */
  replayWithout: (lock: string, schedule: string) => string;
}

export function renderExtras(c: Colors, v: VariantReport, view: ExtrasView, width: number = DEFAULT_WIDTH): string {
  const lines: string[] = [];
  if (v.minimal) lines.push(...minimalLines(c, v.minimal, view, width));
  if (v.coverage) lines.push(...coverageLines(c, v.coverage, v.strandOrdersUnexplored === true));
  if (v.ablation) lines.push(...ablationLines(c, v.ablation, view, width));
  if (v.extrasStopped === true) lines.push(c.yellow('  the analysis after the trials (smallest race, --ablate) was stopped'));
  if (v.extrasHung === true) {
    lines.push(
      c.yellow(
        '  the analysis after the trials (smallest race, --ablate) was left out: one of its re-runs did not come back within --timeout',
      ),
    );
  }
  // Wrapped to the terminal as render.ts does; a replay command that fits a line stays whole.
  return lines.length > 0 ? `${fitLines(lines, width).join('\n')}\n` : '';
}

function preemptions(k: number): string {
  return k === 1 ? '1 preemption' : `${formatCount(k)} preemptions`;
}

/** What the smallest interleaving reaches: a deadlock is named as one, never called a race. */
export function minimalWhat(m: MinimalRace): string {
  if (m.found && m.value === DEADLOCK) return 'deadlock';
  if (m.target === 'forbidden') return 'forbidden outcome';
  // A stall, a hang or a step limit the scenario declares a race is named as what it is.
  return m.found && isRunnerOutcome(m.value) ? m.value.kind.replace('-', ' ') : 'race';
}

/**
 * One of the runner's own outcomes, in words (`step limit (more than 3 scheduling steps ...)`):
 * lockdemo's text, short and whole, so it wraps at its spaces; shortShownValue's cut and length are
 * for a scenario's values, which can be any length.
 */
function runnerWords(c: Colors, outcome: RunnerOutcome): string {
  const kind = c.bold(outcome.kind.replace('-', ' '));
  return outcome.detail === '' ? kind : `${kind} (${printable(outcome.detail)})`;
}

function minimalLines(c: Colors, m: MinimalRace, view: ExtrasView, width: number): string[] {
  const what = minimalWhat(m);
  if (!m.found) {
    const stopped = m.reason === 'interrupted' ? 'the run was interrupted' : `${formatCount(m.interleavings)} interleavings`;
    const why =
      m.nondeterministic !== undefined
        ? 'unknown: the scenario is not deterministic (an interleaving run again gave another outcome)'
        : m.reason === 'not-reproduced'
          ? m.setupReadsTrial === true
            ? "not in trial 1's program: setup reads its trial index, and another trial's raced"
            : m.drewRandom === true
              ? "not with the search's numbers: the scenario draws from Math.random, and the trial that raced drew others"
              : 'exhaustive search did not reach it again: is the scenario deterministic?'
          : m.provenUpTo < 0
            ? `unknown: ${stopped} did not cover even those without a preemption`
            : `needs more than ${preemptions(m.provenUpTo)} (every such interleaving explored${m.maxStepsCut === true ? ' up to --max-steps' : ''}; ${stopped})`;
    return [`  ${c.dim(`smallest ${what}: ${why}`)}`];
  }
  const fewer =
    m.preemptions === 0
      ? 'no preemption needed'
      : m.setupReadsTrial === true
        ? "none with fewer in trial 1's program, by exhaustive search"
        : m.drewRandom === true
          ? "none with fewer with the search's Math.random numbers, by exhaustive search"
          : m.strandOrdersUnexplored === true
            ? "none with fewer in the task orders explored; a task's own strand orders were not"
            : m.maxStepsCut === true
              ? 'none with fewer up to --max-steps, by exhaustive search'
              : 'none with fewer, by exhaustive search';
  return [
    what === 'deadlock'
      ? `  ${c.dim('smallest')} deadlock: needs ${preemptions(m.preemptions)} ${c.dim(`(${fewer})`)}`
      : isRunnerOutcome(m.value)
        ? // Named by its kind already (`smallest stalled`): its words say only why.
          `  ${c.dim('smallest')} ${what === m.value.kind.replace('-', ' ') ? `${what}${m.value.detail === '' ? '' : ` (${printable(m.value.detail)})`}` : `${what}: ${runnerWords(c, m.value)}`}, needs ${preemptions(m.preemptions)} ${c.dim(`(${fewer})`)}`
        : `  ${c.dim('smallest')} ${what}: ${c.bold(shortShownValue(m.value, Math.max(24, width - 4 - `smallest ${what}: `.length)))} needs ${preemptions(m.preemptions)} ${c.dim(`(${fewer})`)}`,
    `    ${c.dim('replay:')} ${view.replayCommand(m.schedule)}`,
  ];
}

/**
 * Distinct interleavings seen, then the share of the total or an estimate of the rest. None for
 * a variant stopped before any trial finished: 0 of 0 covers nothing, and an estimate from
 * 0 seen once in 0 trials ("unseen mass ≈ 100.0%") would be a figure that means nothing.
 */
export function coverageLines(c: Colors, cov: Coverage, strands = false): string[] {
  if (cov.trials === 0) return [];
  // Interleavings are told apart by their picks of tasks: the orders of one task's own strands,
  // which no pick chooses, are neither counted nor in any total.
  if (strands)
    return [...coverageFigures(c, cov), c.yellow("    of the tasks' orders only: one task's own strands, ready at once, ran oldest first")];
  return coverageFigures(c, cov);
}

function coverageFigures(c: Colors, cov: Coverage): string[] {
  const approx = cov.sampled ? '≈ ' : '';
  const seen = `${approx}${formatCount(cov.distinct)} distinct interleaving${cov.distinct === 1 ? '' : 's'} in ${formatCount(cov.trials)} trial${cov.trials === 1 ? '' : 's'}`;
  if (cov.total !== undefined && cov.share !== undefined) {
    return [`  ${c.dim('coverage:')} ${seen}, ${formatPercent(cov.share)} of all ${formatCount(cov.total)}`];
  }
  const basis = cov.sampled
    ? `${formatCount(cov.singletons)} seen once, hash-sampled 1 in ${formatCount(cov.sampleRate)}`
    : `${formatCount(cov.singletons)} seen once`;
  return [
    `  ${c.dim('coverage:')} ${seen}`,
    `    unseen mass ≈ ${formatPercent(cov.unseenMass)} ${c.dim(`(a Good–Turing estimate: ${basis} in ${formatCount(cov.trials)})`)}`,
  ];
}

function ablationLines(c: Colors, a: VariantAblation, view: ExtrasView, lineWidth: number): string[] {
  if (a.locks.length === 0) return [`  ${c.dim('locks: none taken, so none to remove')}`];
  const lines = [`  ${c.dim('locks, each removed in turn:')}`];
  // A lock's name is the scenario's: its control characters are shown escaped.
  const width = Math.max(...a.locks.map((l) => visibleWidth(printable(l.lock))));
  for (const l of a.locks) {
    lines.push(...ablationRow(c, l, padVisible(printable(l.lock), width), 'it', lineWidth, view.replayWithout));
  }
  const together = a.together;
  if (together !== undefined) {
    // No --remove-lock removes several locks, so there is no replay line to give.
    lines.push(...ablationRow(c, together, c.dim('all at once'), 'them', lineWidth));
    // Each removed alone left the others: with two, either one is enough; with more, only the
    // others all together are known to be; and only where each search covered every interleaving.
    const decided = a.locks.every((l) => l.complete && l.maxStepsCut !== true && trialOneOnly(l) === undefined);
    if (together.necessary && decided) {
      lines.push(`    ${c.dim(`(${a.locks.length === 2 ? 'either one alone is enough' : 'none is needed beside all the others'})`)}`);
    }
  }
  const trialOne = [...a.locks, ...(together !== undefined ? [together] : [])].map(trialOneOnly).find((why) => why !== undefined);
  if (trialOne !== undefined) lines.push(`  ${c.dim(`  (searched in trial 1's program only: ${trialOne})`)}`);
  if (a.locks.some((l) => l.strandOrdersUnexplored === true)) {
    lines.push(`  ${c.dim("  (not a proof: a task's own strands were ready at once, and their orders were not explored)")}`);
  }
  return lines;
}

/** One ablation's lines: `name` (a lock, or all of them), what was found without `it` (or `them`), and its replay where there is one. */
function ablationRow(
  c: Colors,
  l: LockAblation,
  name: string,
  it: 'it' | 'them',
  lineWidth: number,
  replayWithout?: (lock: string, schedule: string) => string,
): string[] {
  const width = visibleWidth(name);
  const pad = ' '.repeat(width);
  if (l.necessary && l.without) {
    const w = l.without;
    // An observed value may be an event log of thousands of characters: cut, as the smallest race's is.
    const value = shortShownValue(w.value, Math.max(24, lineWidth - 4 - width - 2 - `necessary: without ${it} `.length));
    // Wrapped under its words, not under the lock's name, where that leaves room for them (a long
    // lock name in a narrow terminal wraps under the row's start instead).
    const found = `    ${name}  ${c.red.bold('necessary')}: without ${it} ${c.bold(value)} (${printable(w.description)}) in ${preemptions(w.preemptions)}`;
    const under = lineWidth - (4 + width + 2) >= 20 ? 4 + width + 2 : 6;
    return [
      ...fitLines([found], lineWidth, under),
      // Under the finding's words where a command's long words (the lock's name) fit there, else under the row's start.
      ...(replayWithout !== undefined
        ? [`${lineWidth - (4 + width + 2) >= 40 ? `    ${pad}  ` : '      '}${c.dim('replay:')} ${replayWithout(l.lock, w.schedule)}`]
        : []),
    ];
  }
  if (l.complete) {
    // Cut at --max-steps: what the interleavings cut there would have done is not known.
    const bound = l.maxStepsCut === true ? ', up to --max-steps' : '';
    return [
      `    ${name}  ${c.yellow('not needed here')}${bound}: all ${formatCount(l.total ?? l.interleavings)} interleavings without ${it} pass`,
    ];
  }
  if (l.nondeterministic === true) return [`    ${name}  ${c.yellow('undecided')}: without ${it}, the scenario is not deterministic`];
  if (l.provenUpTo === undefined || l.provenUpTo < 0) {
    return [
      `    ${name}  ${c.yellow('undecided')}: ${formatCount(l.interleavings)} interleavings did not cover even those without a preemption`,
    ];
  }
  const bound = l.maxStepsCut === true ? ' up to --max-steps' : '';
  return [
    `    ${name}  ${c.yellow('not needed here')}, as far as searched${bound}: no interleaving with at most`,
    `    ${pad}  ${preemptions(l.provenUpTo)} fails ${c.dim(`(${formatCount(l.interleavings)} explored; a bounded search)`)}`,
  ];
}

/**
 * `check`'s note under a variant that raced: its preemptions and, where the exact search fitted
 * (MinimalRace.pctDepth), the least PCT depth that gives its interleaving, with the run that
 * gives PCT that `--depth`. Check itself decides by exhaustive search and takes no `--schedule
 * pct`, so the advice is a whole command, `lockdemo <scenario>`, that does; N is left for the
 * user to choose. The preemptions are no PCT depth: a wake-up can force a switch that PCT needs
 * a change point for, and preempt without one.
 */
export function checkMinimalLines(c: Colors, m: MinimalRace, run: string, width: number): string[] {
  // A hang is a trial that took too long, not an order to look for with more tasks.
  if (!m.found || (isRunnerOutcome(m.value) && m.value.kind === 'hang')) return [];
  const what = minimalWhat(m);
  const trialOne = trialOneOnly(m);
  const head = `smallest ${what}: ${preemptions(m.preemptions)}${trialOne !== undefined ? ` in trial 1's program (${trialOne})` : ''}`;
  if (m.pctDepth === undefined) {
    // Searched and not found: said, or the missing advice reads as an oversight.
    // Of this one interleaving only: another with the same race may be one PCT gives.
    const none =
      m.pctDepthNone !== undefined
        ? `; no pct depth up to ${m.pctDepthNone} gives this interleaving ("${m.schedule}"), though others with this ${what} may be`
        : '';
    return fitLines([`      ${head}${none}`], width, 8).map((line) => c.dim(line));
  }
  // Its change points must reach the step of the last one it needs: a run whose k is less never gives it.
  const steps = m.pctSteps !== undefined ? ` with k at least ${m.pctSteps}` : '';
  const note = `${head}; pct gives its interleaving at depth ${m.pctDepth}${steps}${m.pctDepth > 1 ? ', not below' : ''}; with more tasks (N), try:`;
  const command = `${run} --schedule pct --depth ${m.pctDepth} --tasks N`;
  // Indented under its line; a command that fits the width but not the indent starts further
  // left (fitLines keeps such a command whole, whatever its indent); a wider one wraps anyway.
  const indent = visibleWidth(command) <= width ? Math.min(8, width - visibleWidth(command)) : 8;
  return [
    ...fitLines([`      ${note}`], width, 6).map((line) =>
      line.replace(/^( *)(.*)$/, (_, indent: string, text: string) => indent + c.dim(text)),
    ),
    ' '.repeat(indent) + command,
  ];
}

/** The lines the extras add under one of `check`'s results. */
export function renderCheckExtras(
  c: Colors,
  r: CheckResult,
  replayWithout: (lock: string, schedule: string) => string,
  /** The run of this variant (`lockdemo counter --variant unlocked`) that the PCT advice extends. */
  run: string,
  width: number = DEFAULT_WIDTH,
): string {
  const lines = r.minimal ? checkMinimalLines(c, r.minimal, run, width) : [];
  if (r.coverage) lines.push(...coverageLines(c, r.coverage, r.strandOrdersUnexplored === true).map((line) => `    ${line}`));
  if (r.ablation) {
    lines.push(...ablationLines(c, r.ablation, { replayCommand: (s) => s, replayWithout }, width - 4).map((line) => `    ${line}`));
  }
  if (r.extrasHung === true) {
    lines.push(
      c.yellow(
        '      the analysis after the trials (smallest race, --ablate) was left out: one of its re-runs did not come back within --timeout',
      ),
    );
  }
  return lines.length > 0 ? `${fitLines(lines, width).join('\n')}\n` : '';
}
