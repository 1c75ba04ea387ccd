// One tenant per measurement (drain burst, open-loop window, latency run, soak), all declared in
// API_KEYS up front: each measurement then counts its own jobs with one indexed query
// (jobs by tenant and status, or the REST summary), whatever else is in the read model.
import { jobKind, prepareTenant } from './job-kinds.mjs';

/** A pool of `size` tenants for API_KEYS, handed out in order by `next()`. */
export function tenantPool(runId, size) {
  const tenants = Array.from({ length: size }, (_, i) => ({
    tenant: `b${i}`,
    key: `bench-${runId}-${String(i).padStart(3, '0')}-key`,
  }));
  let used = 0;
  return {
    apiKeys: tenants.map((t) => `${t.tenant}:${t.key}`).join(','),
    /** The next unused tenant, prepared for the job kind (uploaded WAV if it needs one). */
    async next(kindName, client) {
      const tenant = tenants[used++];
      if (!tenant) throw new Error(`more than ${size} measurements: raise the tenant pool size`);
      return prepareTenant(jobKind(kindName), { ...tenant }, client);
    },
  };
}
