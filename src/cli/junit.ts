import type { CheckResult } from '../core/check.js';
import { countLines, figuresText, FLAG_WORDS, scopeNotes, stoppedText } from './check-result.js';
import { NOT_DETERMINISTIC, nondeterminismFound } from './nondeterminism-words.js';
import { unitWord } from '../core/schedules/table.js';
import { shownValue } from './shown-value.js';
import { printable } from './text-width.js';

/**
 * JUnit XML for `lockdemo check --junit`: one testsuite per scenario, one testcase per variant,
 * a <failure> for a forbidden outcome (with its replay command), and a note in <system-out>
 * for a variant that allows races but showed none.
 */
export function renderJUnit(
  results: readonly CheckResult[],
  replay: (r: CheckResult) => string | undefined,
  /** `check --ablate`: scenarios that fail because none of their locks is needed. */
  uselessLocks: readonly string[] = [],
  /**
   * Stopped (Ctrl-C) before every variant was checked: one test case in error says so, or a
   * dashboard would show the variants that were checked, all passing, as a green check.
   */
  interrupted = false,
): string {
  const suites = new Map<string, CheckResult[]>();
  for (const r of results) suites.set(r.scenario, [...(suites.get(r.scenario) ?? []), r]);
  const failures = results.filter((r) => r.status === 'fail').length + uselessLocks.length;
  const errors = interrupted ? 1 : 0;
  const total = seconds(results);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lockdemo check" tests="${results.length + uselessLocks.length + errors}" failures="${failures}" errors="${errors}" time="${total}">`,
  ];
  if (interrupted) {
    const message = 'interrupted (Ctrl-C): the other test cases are all that were checked';
    lines.push('  <testsuite name="lockdemo check" tests="1" failures="0" errors="1" skipped="0" time="0.000">');
    lines.push('    <testcase classname="lockdemo check" name="interrupted" time="0.000">');
    lines.push(`      <error type="interrupted" message="${xml(message)}">${xml(message)}</error>`);
    lines.push('    </testcase>');
    lines.push('  </testsuite>');
  }
  for (const [scenario, cases] of suites) {
    const useless = uselessLocks.includes(scenario) ? 1 : 0;
    const failed = cases.filter((r) => r.status === 'fail').length + useless;
    const skipped = cases.filter((r) => r.status === 'skip').length;
    lines.push(
      `  <testsuite name="${xml(scenario)}" tests="${cases.length + useless}" failures="${failed}" errors="0" skipped="${skipped}" time="${seconds(cases)}">`,
    );
    if (useless) {
      const message = 'no lock is needed in any variant, so its locked variants prove nothing';
      lines.push(`    <testcase classname="${xml(scenario)}" name="locks (--ablate)" time="0.000">`);
      lines.push(`      <failure type="unneeded-locks" message="${xml(message)}">${xml(message)}</failure>`);
      lines.push('    </testcase>');
    }
    for (const r of cases) {
      // The terminal's figures and counts, word for word (check-result.ts): "races 0/90" with
      // "forbidden outcomes in 72 of 90 interleavings", a deadlock count, "no figures" when stopped.
      const summary =
        r.status === 'skip'
          ? `not run: ${r.reason ?? 'skipped'}`
          : [`${r.schedule}: ${figuresText(r)} (races ${r.races})`, ...countLines(r).map((l) => l.text)].join('\n');
      lines.push(`    <testcase classname="${xml(scenario)}" name="${xml(r.variant)}" time="${r.seconds.toFixed(3)}">`);
      if (r.status === 'fail' && r.firstForbidden) {
        const message = forbiddenMessage(r, r.firstForbidden);
        const command = replay(r);
        lines.push(
          `      <failure type="forbidden" message="${xml(message)}">${xml(`${summary}\n${command ? `replay: ${command}` : ''}`.trim())}</failure>`,
        );
      }
      if (r.nondeterministic !== undefined) {
        const message = `${nondeterminismFound(r.nondeterministic)}: ${NOT_DETERMINISTIC}`;
        lines.push(`      <failure type="nondeterministic" message="${xml(message)}">${xml(summary)}</failure>`);
      }
      if (r.stopped !== undefined) {
        const command = r.firstForbidden === undefined ? replay(r) : undefined;
        const body = `${summary}\n${command ? `replay: ${command}` : ''}`.trim();
        lines.push(`      <failure type="hang" message="${xml(stoppedText(r, r.stopped))}">${xml(body)}</failure>`);
      }
      if (r.status === 'skip') lines.push(`      <skipped message="${xml(r.reason ?? 'skipped')}"/>`);
      // How far the verdict reaches, as the terminal and the HTML report say it.
      const notes = [...scopeNotes(r).map((n) => n.text), ...(r.status === 'flag' ? [FLAG_WORDS] : [])];
      lines.push(`      <system-out>${xml([summary, ...notes].join('\n'))}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/**
 * The line CI dashboards show for a failed variant: how many interleavings (or trials) ended in
 * any forbidden outcome, and which one came first. The count is of all forbidden outcomes
 * together, so it is never pinned on the first one's value (2 of the broken lock is 36 of its
 * 84 forbidden interleavings, not 84).
 */
function forbiddenMessage(r: CheckResult, first: NonNullable<CheckResult['firstForbidden']>): string {
  const unit = unitWord(r.schedule, r.explored !== 1);
  const of =
    r.schedule === 'exhaustive' && r.complete === false && r.maxStepsCut === undefined ? `the first ${r.explored}` : `${r.explored}`;
  const which = `${shownValue(first.value)}, ${printable(first.description)}`;
  return r.forbiddenCount === 1
    ? `a forbidden outcome in 1 of ${of} ${unit}: ${which}`
    : `forbidden outcomes in ${r.forbiddenCount} of ${of} ${unit} (first: ${which})`;
}

function seconds(results: readonly CheckResult[]): string {
  return results.reduce((sum, r) => sum + r.seconds, 0).toFixed(3);
}

function xml(text: string): string {
  return (
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
      // XML 1.0 cannot carry most control characters, even escaped, nor U+FFFE, U+FFFF or a lone
      // surrogate (its Char production): each becomes U+FFFD, so that the file still parses.
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
  );
}
