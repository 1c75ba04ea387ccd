#!/usr/bin/env bash
# Coverage-guided fuzzing of the WAV decoder with jsfuzz (not run by CI: it is open-ended).
#   bash tools/fuzz/fuzz-wav-decoder.sh [seconds=180]
# Builds dist/ if needed, seeds a corpus in tmp/fuzz/wav (git-ignored) with valid files, runs
# jsfuzz for the given time, and prints inputs tried, coverage and crashes.
# A crash is written to tmp/fuzz/wav-crashes/; turn it into a regression test in libs/audio.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-180}
work=tmp/fuzz
mkdir -p "$work/wav" "$work/wav-crashes"
[ -f dist/libs/audio/src/index.js ] || npm run -s build
node tools/fuzz/wav-seeds.cjs "$work/wav" >/dev/null
log="$work/wav-decoder.log"
crashes_before=$(find "$work/wav-crashes" -name 'crash-*' | wc -l)
# jsfuzz runs until stopped: SIGINT after $seconds.
( cd "$work/wav-crashes" &&
  timeout --signal=INT "$seconds" \
    node ../../../node_modules/jsfuzz/build/src/index.js \
    ../../../tools/fuzz/wav-decoder.fuzz.cjs ../wav --rss-limit-mb 1024 --timeout 10 ) \
  >"$log" 2>&1 || true
last=$(grep -E '^#[0-9]+ ' "$log" | tail -1 || true)
crashes=$(($(find "$work/wav-crashes" -name 'crash-*' | wc -l) - crashes_before))
echo "jsfuzz, ${seconds}s: ${last:-no progress line (see $log)}"
# jsfuzz's "cov" counts every instrumented file; this is the decoder's own line and branch coverage.
node -e '
const { createCoverageMap } = require("istanbul-lib-coverage");
const map = createCoverageMap(require(require("path").resolve(process.argv[1])));
map.filter((f) => /libs\/audio\/src\/(wav-decoder|wav-header\.parser|wav-fmt\.parser|pcm-sample\.readers)\.js$/.test(f));
const s = map.getCoverageSummary();
console.log(`decoder coverage (compiled JS): statements ${s.statements.pct}%, branches ${s.branches.pct}%`);
' "$work/wav-crashes/.nyc_output/cov.json" || true
echo "inputs tried: $(sed -E 's/^#([0-9]+).*/\1/' <<<"$last"), corpus: $(find "$work/wav" -type f | wc -l) files, crashes: $crashes"
[ "$crashes" -eq 0 ] || { grep -iE 'crash|error' "$log" | head -20; exit 1; }
