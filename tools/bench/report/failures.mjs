// Parts that failed are recorded as { error } in the results: the table lists them and leaves
// them out of every row and target, so one broken part never hides the others' figures.

const failed = (x) => x !== undefined && x !== null && typeof x === 'object' && 'error' in x;

/** [path, message] of every failed part. */
export function failures(r) {
  const out = [];
  const check = (path, x) => failed(x) && out.push([path, x.error]);
  for (const key of ['ceiling', 'transport', 'projector', 'distributed', 'embedded'])
    check(key, r[key]);
  for (const [k, v] of Object.entries(r.peers ?? {})) check(`peers.${k}`, v);
  for (const [k, v] of Object.entries(r.distributed?.variants ?? {})) {
    check(`distributed.${k}`, v);
    check(`distributed.${k}.sustained`, v?.sustained);
  }
  check('embedded.bulk.sustained', r.embedded?.bulk?.sustained);
  check('distributed.latency', r.distributed?.latency);
  check('distributed.soak', r.distributed?.soak);
  return out;
}

/** A copy of the results without the failed parts. */
export function withoutFailures(r) {
  const keep = (x) => (failed(x) ? undefined : x);
  const peers = Object.fromEntries(Object.entries(r.peers ?? {}).filter(([, v]) => !failed(v)));
  const d = keep(r.distributed);
  const distributed = d && {
    ...d,
    variants: Object.fromEntries(Object.entries(d.variants ?? {}).filter(([, v]) => !failed(v))),
    latency: keep(d.latency),
    soak: keep(d.soak),
  };
  return {
    ...r,
    ceiling: keep(r.ceiling),
    transport: keep(r.transport),
    projector: keep(r.projector),
    embedded: keep(r.embedded),
    peers,
    distributed,
  };
}
