import { taskLabel } from '../../core/scenario.js';
import type { TraceEvent } from '../../core/trace-event.js';
import type { StateSnapshot } from '../../core/state-snapshot.js';
import { VERSION } from '../../version.js';
import { cellText } from '../render-trace.js';
import { esc, scriptJson } from './escape.js';
import { SCRIPT, STYLE } from './page-assets.js';
import type { ReportData, ReportSection, ReportTrace } from './report-data.js';
import { histogramSvg } from './svg-histogram.js';
import { swimlanesSvg, waitCycleSvg } from './swimlanes.js';
import { shownGrade, shownValue } from '../shown-value.js';
import { printable } from '../text-width.js';
import { HTML_REPORT_START } from './report-start.js';

/** The whole report as one self-contained HTML document: inline style, inline SVG, inline script. */
export function renderHtml(data: ReportData): string {
  const sections = data.sections.map((s, k) => renderSection(s, `v${k}`)).join('\n');
  return `${HTML_REPORT_START}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(`lockdemo: ${data.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(data.title)}</h1>
<p class="summary">${esc(data.summary)}</p>
<ul class="facts">${data.facts.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>
<code class="command" id="command">${esc(data.command)}</code>
${data.commandNote !== undefined ? `<p class="command-note">${esc(data.commandNote)}</p>\n` : ''}<p class="verdict ${data.tone}">${esc(data.verdict)}</p>
</header>
<main>
${sections}
</main>
<footer>Made by lockdemo ${esc(VERSION)}. This file is self-contained: it loads nothing from anywhere.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function renderSection(s: ReportSection, id: string): string {
  const lines = s.lines.map((line, k) => {
    const cls = k === 0 ? (/\bFAIL\b/.test(line) ? ' class="fail"' : /\b(OK|PASS)\b/.test(line) ? ' class="ok"' : '') : '';
    return `<li${cls}>${esc(line)}</li>`;
  });
  return `<section class="variant" id="${id}" data-variant="${esc(s.heading)}">
<h2>${esc(s.heading)}${s.races ? `<span class="tag">(${esc(s.races)})</span>` : ''}</h2>
${s.summary ? `<p class="summary">${esc(s.summary)}</p>` : ''}
${s.outcomes.length > 0 ? histogramSvg(s) : ''}
<ul class="lines">${lines.join('')}</ul>
${s.traces.map((t, k) => renderTrace(t, k === 0 ? `${id}-trace` : `${id}-trace${k + 1}`)).join('\n')}
</section>`;
}

function renderTrace(t: ReportTrace, id: string): string {
  const events = t.trial.events;
  const steps = Math.max(0, ...events.map((e) => e.step));
  const player = { steps, states: statesByStep(events, steps), captions: captions(events, steps) };
  const lastStep = steps;
  return `<h3>${esc(t.title)}</h3>
<p class="story" data-story>${esc(t.story)}</p>
<p>replay: <code>${esc(t.replay)}</code> · result <b>${esc(shownValue(t.trial.value))}</b>, ${esc(shownGrade(t.trial))}: ${esc(printable(t.trial.description))}</p>
<div class="player" id="${id}">
<script type="application/json" class="player-data">${scriptJson(player)}</script>
<div class="controls">
<button type="button" data-action="first" title="first (Home)">« first</button>
<button type="button" data-action="previous" title="previous step (←)">◀ previous</button>
<button type="button" data-action="play" title="play or pause (space)">▶ play</button>
<button type="button" data-action="next" title="next step (→)">next ▶</button>
<button type="button" data-action="last" title="last (End)">last »</button>
<span class="step-label">step ${steps} of ${steps}</span>
</div>
<div class="caption"></div>
<div class="stage">
<div class="lanes">${swimlanesSvg(events, t.tasks, id)}</div>
<table class="state"><caption>shared state after this step</caption><tbody></tbody></table>
${t.trial.waitCycle ? waitCycleSvg(t.trial.waitCycle, lastStep, id) : ''}
</div>
</div>`;
}

/** The state after each step (index 0: before the first), carried forward over steps that changed nothing. */
function statesByStep(events: readonly TraceEvent[], steps: number): StateSnapshot[] {
  const states: StateSnapshot[] = [];
  let current: StateSnapshot = events.find((e) => e.state)?.state ?? [];
  states.push(current);
  for (let step = 1; step <= steps; step++) {
    for (const e of events) if (e.step === step && e.state) current = e.state;
    states.push(current);
  }
  return states;
}

function captions(events: readonly TraceEvent[], steps: number): string[] {
  const out = ['before step 1: the shared state as setup made it. Press → or "next" to run the first step.'];
  for (let step = 1; step <= steps; step++) {
    const mine = events.filter((e) => e.step === step);
    const who = mine.find((e) => e.task >= 0);
    const what = mine.map((e) => (e.task >= 0 ? cellText(e) : e.text)).join(' · ');
    out.push(`step ${step}${who ? ` · ${taskLabel(who.task)}` : ''}: ${what}`);
  }
  return out;
}
