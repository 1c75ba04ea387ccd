import { V2_CSS } from './style-v2.asset';

/**
 * The dashboard's stylesheet: system fonts only, status colours that always come with their
 * name, light and dark schemes, visible focus.
 */
export const STYLE_CSS = String.raw`
:root {
  color-scheme: light dark;
  --bg: #f6f7f9;
  --panel: #ffffff;
  --text: #1b1f24;
  --muted: #57606a;
  --line: #d0d7de;
  --accent: #0b57d0;
  --danger: #b3261e;
  --focus: #ffb000;
  --error-bg: #fdecea;
  --ok-bg: #e8f5e9;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  font-size: 15px;
  line-height: 1.45;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1216;
    --panel: #171b21;
    --text: #e6e9ed;
    --muted: #9aa4ae;
    --line: #30363d;
    --accent: #7cacf8;
    --danger: #f28b82;
    --error-bg: #3a1d1b;
    --ok-bg: #15301b;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--text); }
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
pre { white-space: pre-wrap; word-break: break-word; max-height: 24rem; overflow: auto; }
h1 { font-size: 1.35rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.1rem; margin: 0; }
h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
.muted { color: var(--muted); font-weight: normal; }
.small { font-size: 0.87rem; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;
}
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--panel); padding: 0.4rem; z-index: 1; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }

.top, .layout, .wide, #getting-started, .banner, footer { max-width: 1400px; margin-left: auto; margin-right: auto; }
.top { padding: 1rem 1rem 0.25rem; }
.keys { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
.keys label { display: flex; flex-direction: column; gap: 0.2rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; padding: 0 1rem; }
@media (min-width: 1100px) {
  .layout { grid-template-columns: minmax(0, 3fr) minmax(22rem, 2fr); align-items: start; }
}
.column { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
.wide, #getting-started { margin-top: 1rem; margin-bottom: 1rem; }
#getting-started { margin-left: 1rem; margin-right: 1rem; }
@media (min-width: 1432px) { #getting-started { margin-left: auto; margin-right: auto; } }
.wide { margin-left: 1rem; margin-right: 1rem; }
@media (min-width: 1432px) { .wide { margin-left: auto; margin-right: auto; } }
.panel-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem; margin-bottom: 0.75rem; }
.panel-foot { display: flex; gap: 1rem; align-items: center; margin-top: 0.5rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; align-items: center; }
.toolbar label { display: flex; gap: 0.35rem; align-items: center; }
.stack { display: flex; flex-direction: column; gap: 0.6rem; }
.stack label { display: flex; flex-direction: column; gap: 0.2rem; }
footer { padding: 1rem; }

input, select, textarea, button { font: inherit; color: inherit; }
input[type='password'], input[type='number'], select, textarea {
  background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.35rem 0.5rem;
}
input[type='password'] { min-width: 16rem; }
textarea { width: 100%; resize: vertical; }
button {
  cursor: pointer; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: var(--panel); padding: 0.35rem 0.8rem; font-weight: 600;
}
button.secondary { background: transparent; color: var(--accent); }
button.danger { background: var(--danger); border-color: var(--danger); }
button:disabled { opacity: 0.55; cursor: progress; }
button.link {
  background: none; border: none; padding: 0; color: var(--accent);
  text-decoration: underline; font-weight: normal;
}

.error { background: var(--error-bg); border-left: 4px solid var(--danger); padding: 0.5rem 0.75rem; margin: 0.5rem 0; border-radius: 4px; }
.error p, .error ul { margin: 0.2rem 0; }
.banner { margin-top: 0.5rem; margin-bottom: 0.5rem; }

.tiles { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(7.5rem, 1fr)); gap: 0.5rem; }
.tile {
  width: 100%; display: flex; flex-direction: column; align-items: flex-start;
  background: var(--bg); color: var(--text); border: 1px solid var(--line);
  border-left: 5px solid var(--muted); padding: 0.45rem 0.6rem; font-weight: normal;
}
.tile .count { font-size: 1.4rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile .label { font-size: 0.8rem; letter-spacing: 0.03em; }
.tile[aria-pressed='true'] { outline: 2px solid var(--accent); }
.tile-queued, .tile-pending { border-left-color: #6e7781; }
.tile-running { border-left-color: #0b57d0; }
.tile-retrying { border-left-color: #b76e00; }
.tile-succeeded { border-left-color: #1a7f37; }
.tile-failed { border-left-color: #b3261e; }
.tile-cancelled { border-left-color: #8c959f; }
.tile-all { border-left-color: var(--text); }

.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: 0.82rem; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.selected { background: color-mix(in srgb, var(--accent) 12%, transparent); }
.progress-cell { white-space: nowrap; }
progress { width: 5.5rem; height: 0.8rem; vertical-align: middle; }
.percent { display: inline-block; min-width: 3.2em; text-align: right; font-variant-numeric: tabular-nums; margin-left: 0.3rem; font-size: 0.85rem; }

.status { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 999px; font-size: 0.78rem; font-weight: 700; letter-spacing: 0.02em; }
.status-pending, .status-queued { background: #eaeef2; color: #32383f; }
.status-running { background: #dbe7ff; color: #0a3a8c; }
.status-retrying { background: #fff1c2; color: #6a3f00; }
.status-succeeded { background: #d6f5dc; color: #0f5323; }
.status-failed { background: #ffdcd7; color: #8a1c14; }
.status-cancelled { background: #e4e6e9; color: #424a53; text-decoration: line-through; }
.flag { display: inline-block; padding: 0.05rem 0.4rem; border-radius: 4px; background: #fff1c2; color: #6a3f00; font-size: 0.78rem; font-weight: 700; }
.event { font-weight: 600; }
.event-failed, .event-rejected { color: var(--danger); }

.fields { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 1rem; margin: 0.75rem 0; }
.fields dt { color: var(--muted); }
.fields dd { margin: 0; overflow-wrap: anywhere; }
.outcome { padding: 0.5rem 0.75rem; border-radius: 6px; margin: 0.5rem 0; }
.outcome h3 { margin-top: 0; }
.outcome p { margin: 0.2rem 0; }
.outcome-ok { background: var(--ok-bg); }
.outcome-error { background: var(--error-bg); }
details { margin: 0.5rem 0; }
@media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; } }
${V2_CSS}`;
