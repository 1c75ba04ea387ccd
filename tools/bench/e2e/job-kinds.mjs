// The job the bench runs (`--job`): detection of a 0.25 s WAV today; system.ping (no upload,
// `{ durationMs? }`, 0 by default) once the runtime has it.
import { toneWav } from '../lib/wav.mjs';

export const JOB_KINDS = {
  detection: { type: 'detection.vad', needsUpload: true },
  ping: { type: 'system.ping', needsUpload: false },
};

/** The job kind named by `--job`; throws for another name. */
export function jobKind(name) {
  const kind = JOB_KINDS[name];
  if (!kind) throw new Error(`--job must be one of ${Object.keys(JOB_KINDS).join(', ')}`);
  return kind;
}

/** The input of one job of this kind for a tenant (its upload, for kinds that need one). */
export function jobInput(kind, tenant) {
  return kind.needsUpload ? { uploadId: tenant.uploadId } : {};
}

/** Uploads the tenant's WAV when the job kind needs one (one upload per tenant, reused). */
export async function prepareTenant(kind, tenant, client) {
  if (!kind.needsUpload || tenant.uploadId) return tenant;
  const upload = await client.post('/v1/uploads', tenant.key, toneWav(0.25), 'audio/wav');
  return Object.assign(tenant, { uploadId: upload.id });
}
