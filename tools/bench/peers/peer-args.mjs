// Shared by the peer benches, which run as child processes of run-bench.mjs (so each peer has
// the CPU of a fresh process and its memory is its own): `--name value` arguments in, one JSON
// line out.

/** Parses `--key value` pairs into numbers where they look like numbers. */
export function peerArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = argv[i + 1];
    if (key) out[key] = value !== undefined && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return out;
}

/** Prints the result as the last line of stdout, for the parent to parse. */
export function report(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
