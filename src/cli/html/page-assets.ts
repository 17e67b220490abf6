/**
 * The report's style and script, inlined into the page: it must work offline from a double
 * click, so nothing is fetched (no fonts, no scripts, no styles from elsewhere).
 */

export const STYLE = `
:root { --correct: #2e7d32; --race: #b45f06; --forbidden: #c62828; --ink: #1d1d1f; --dim: #6b6b70;
  --line: #d9d9de; --band: #f6f6f8; --mono: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
h1 { margin: 0 0 4px; font-size: 26px; } h2 { margin: 0; font-size: 20px; } h3 { margin: 18px 0 4px; font-size: 16px; }
code, pre, .mono { font-family: var(--mono); font-size: 13px; }
.summary { margin: 0 0 8px; color: var(--dim); }
.facts { margin: 0 0 8px; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--dim); }
.command { display: block; padding: 8px 10px; background: var(--band); border-radius: 6px; overflow-x: auto; white-space: pre; }
.command-note { margin: 6px 0 0; color: var(--muted, #666); font-size: 0.9em; }
.verdict { margin: 16px 0; padding: 10px 14px; border-radius: 6px; font-weight: 600; }
.verdict.pass { background: #e8f5e9; color: var(--correct); } .verdict.race { background: #fff3e0; color: var(--race); } .verdict.fail { background: #fdecea; color: var(--forbidden); }
section.variant { margin: 28px 0; padding-top: 16px; border-top: 1px solid var(--line); }
.tag { margin-left: 8px; color: var(--dim); font-size: 14px; }
.lines { margin: 8px 0; padding: 0; list-style: none; font-family: var(--mono); font-size: 13px; }
.lines li:first-child { font-weight: 600; }
.lines .fail { color: var(--forbidden); } .lines .ok { color: var(--correct); }
svg text { font-family: var(--mono); font-size: 12px; fill: var(--ink); }
.histogram .track { fill: var(--band); }
.grade-correct .fill { fill: var(--correct); } .grade-race .fill { fill: var(--race); } .grade-forbidden .fill { fill: var(--forbidden); }
.histogram .count { fill: var(--dim); }
.story { margin: 4px 0 8px; padding: 8px 12px; border-left: 4px solid var(--race); background: #fff8ec; }
.player { margin-top: 8px; }
.controls { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; margin: 8px 0; }
.controls button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
.controls button:disabled { opacity: .4; cursor: default; }
.controls .step-label { font-family: var(--mono); margin-left: 8px; }
.caption { font-family: var(--mono); font-size: 13px; min-height: 1.5em; color: var(--dim); }
.stage { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
.lanes { overflow-x: auto; max-width: 100%; border: 1px solid var(--line); border-radius: 6px; }
table.state { border-collapse: collapse; font-family: var(--mono); font-size: 13px; min-width: 200px; }
table.state caption { text-align: left; font-family: system-ui, sans-serif; font-weight: 600; padding-bottom: 4px; }
table.state td { padding: 3px 8px; border-bottom: 1px solid var(--line); }
table.state tr.changed td { background: #fff3c4; font-weight: 600; }
.lane { stroke: var(--line); } .lane-label { font-weight: 600; fill: var(--dim); }
.step-band { fill: #fff; } .step-band.odd { fill: var(--band); } .step-number { fill: var(--dim); }
.ev rect { fill: #fff; stroke: #b9b9c0; } .ev.kind-read rect { fill: #eef4ff; stroke: #9db7e8; }
.ev.kind-write rect { fill: #e9f6ec; stroke: #8cc79a; }
.ev.kind-acquire rect, .ev.kind-release rect, .ev.kind-resume rect { fill: #f3eefc; stroke: #b39ddb; }
.ev.kind-wait rect { fill: #fff; stroke: #b39ddb; stroke-dasharray: 4 3; }
.ev.stale rect { fill: #fff3c4; stroke: var(--race); stroke-width: 2; }
.ev.lost rect { fill: #fdecea; stroke: var(--forbidden); stroke-width: 2; } .ev.lost text { fill: var(--forbidden); font-weight: 600; }
.window { fill: #dbe7ff; opacity: .55; } .window.stale { fill: #ffe2a8; opacity: .7; }
.hold { fill: #7e57c2; } .wait { fill: none; stroke: #7e57c2; stroke-dasharray: 3 3; stroke-width: 2; }
.lost-arrow path { fill: none; stroke: var(--forbidden); stroke-width: 2; } .lost-arrow text { fill: var(--forbidden); font-weight: 700; font-size: 14px; }
.arrowhead { fill: var(--forbidden); }
.wait-cycle .cycle-node circle { fill: #f3eefc; stroke: #7e57c2; stroke-width: 2; }
.wait-cycle .holds { font-size: 10px; fill: var(--dim); }
.wait-cycle .cycle-arrow path { fill: none; stroke: var(--forbidden); stroke-width: 2; }
.wait-cycle .cycle-arrow text { fill: var(--forbidden); font-size: 11px; }
.current.ev rect { stroke-width: 3; }
.hidden { visibility: hidden; }
footer { margin-top: 32px; color: var(--dim); font-size: 13px; }
`;

/** The step-through player: reveals a trace step by step and shows the shared state after each. */
export const SCRIPT = `
(function () {
  var players = Array.prototype.slice.call(document.querySelectorAll('.player'));
  var active = null;
  players.forEach(function (root) {
    var data = JSON.parse(root.querySelector('script.player-data').textContent);
    var items = Array.prototype.slice.call(root.querySelectorAll('[data-step]'));
    var body = root.querySelector('table.state tbody');
    var label = root.querySelector('.step-label');
    var caption = root.querySelector('.caption');
    var button = function (name) { return root.querySelector('button[data-action="' + name + '"]'); };
    var step = 0, timer = null;
    function show(k) {
      step = Math.max(0, Math.min(data.steps, k));
      items.forEach(function (el) {
        var s = Number(el.getAttribute('data-step'));
        el.classList.toggle('hidden', s > step);
        el.classList.toggle('current', s === step);
      });
      label.textContent = 'step ' + step + ' of ' + data.steps;
      caption.textContent = data.captions[step];
      var before = {};
      (data.states[step - 1] || []).forEach(function (r) { before[r[0]] = r[1]; });
      body.textContent = '';
      data.states[step].forEach(function (r) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-path', r[0]);
        if (step > 0 && before[r[0]] !== r[1]) tr.className = 'changed';
        [r[0], r[1]].forEach(function (text) { var td = document.createElement('td'); td.textContent = text; tr.appendChild(td); });
        body.appendChild(tr);
      });
      button('first').disabled = button('previous').disabled = step === 0;
      button('next').disabled = button('last').disabled = step === data.steps;
      root.setAttribute('data-current-step', String(step));
      if (step >= data.steps && timer) stop();
    }
    function stop() { if (timer) { clearInterval(timer); timer = null; } button('play').textContent = '▶ play'; }
    function play() {
      if (timer) return stop();
      if (step >= data.steps) show(0);
      button('play').textContent = '❚❚ pause';
      timer = setInterval(function () { if (step >= data.steps) stop(); else show(step + 1); }, 900);
    }
    var player = {
      next: function () { stop(); show(step + 1); }, previous: function () { stop(); show(step - 1); },
      first: function () { stop(); show(0); }, last: function () { stop(); show(data.steps); }, play: play
    };
    ['first', 'previous', 'play', 'next', 'last'].forEach(function (name) {
      button(name).addEventListener('click', function () { active = player; player[name](); });
    });
    root.addEventListener('pointerdown', function () { active = player; });
    if (!active) active = player;
    show(0);
  });
  document.addEventListener('keydown', function (e) {
    if (!active || e.altKey || e.ctrlKey || e.metaKey) return;
    var action = { ArrowRight: 'next', ArrowLeft: 'previous', Home: 'first', End: 'last', ' ': 'play' }[e.key];
    if (!action) return;
    e.preventDefault();
    active[action]();
  });
})();
`;
