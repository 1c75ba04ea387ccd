/**
 * The stylesheet's second part: access classes, live state, search, charts, the waveform,
 * queues and workers, the confirmation dialog, and the narrow layout (down to 420 px).
 */
export const V2_CSS = String.raw`
body:not(.can-write) .needs-write, body:not(.is-admin) .needs-admin { display: none !important; }

.live { padding: 0.1rem 0.5rem; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); }
.live::before { content: ''; display: inline-block; width: 0.55rem; height: 0.55rem; border-radius: 50%; background: var(--muted); margin-right: 0.35rem; vertical-align: baseline; }
.live.live-on { color: #1a7f37; border-color: #1a7f37; }
.live.live-on::before { background: #1a7f37; }

.search { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.5rem 0.75rem; align-items: end; margin-bottom: 0.6rem; }
.search label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.87rem; min-width: 0; }
.search input, .search select { width: 100%; min-width: 0; }
.search-buttons, .key-buttons { display: flex; gap: 0.5rem; align-items: end; }
input[type='search'], input[type='text'], input[type='datetime-local'] {
  background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.35rem 0.5rem;
}
.bulk { margin: 0.25rem 0 0.6rem; }

.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.75rem; }
.charts figure { margin: 0; min-width: 0; }
.charts figcaption { font-size: 0.85rem; color: var(--muted); }
.chart svg { display: block; width: 100%; height: auto; }
.chart .axis, .chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .grid { stroke-dasharray: 3 3; }
.chart .tick { font-size: 10px; fill: var(--muted); }
.series { fill: none; stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
.series-submitted, .key-submitted::before { stroke: #6e7781; background: #6e7781; }
.series-succeeded, .key-succeeded::before { stroke: #1a7f37; background: #1a7f37; }
.series-failed, .key-failed::before { stroke: #b3261e; background: #b3261e; }
.series-cancelled, .key-cancelled::before { stroke: #8c959f; background: #8c959f; }
.series-p50, .key-p50::before { stroke: #0b57d0; background: #0b57d0; }
.series-p95, .key-p95::before { stroke: #b76e00; background: #b76e00; }
.key { white-space: nowrap; margin-right: 0.4rem; }
.key::before { content: ''; display: inline-block; width: 0.8rem; height: 3px; margin-right: 0.25rem; vertical-align: middle; }

.waveform { margin: 0.5rem 0; }
.waveform .chart svg { height: 6rem; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.waveform .wave { stroke: var(--accent); stroke-width: 1; fill: none; vector-effect: non-scaling-stroke; }
.waveform .segment { fill: #1a7f37; fill-opacity: 0.22; }

.pool { white-space: nowrap; }
meter { width: 4.5rem; vertical-align: middle; }
tr.stale { color: var(--muted); }
.flag { margin-left: 0.35rem; }
td.depth { font-weight: 700; }
td.reason { min-width: 14rem; }

dialog { border: 1px solid var(--line); border-radius: 8px; background: var(--panel); color: var(--text); max-width: min(32rem, calc(100vw - 2rem)); padding: 1rem 1.25rem; }
dialog::backdrop { background: rgb(0 0 0 / 0.45); }
dialog p { margin: 0; }

@media (max-width: 640px) {
  :root { font-size: 14px; }
  .top { padding: 0.75rem 0.75rem 0.25rem; }
  .layout { padding: 0 0.5rem; }
  .wide, #getting-started { margin-left: 0.5rem; margin-right: 0.5rem; }
  .panel { padding: 0.75rem; }
  .keys label, .keys input[type='password'] { width: 100%; min-width: 0; }
  .opt { display: none; }
  th, td { padding: 0.3rem 0.35rem; }
  .search { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
  .fields { grid-template-columns: minmax(0, 7rem) minmax(0, 1fr); }
}
`;
