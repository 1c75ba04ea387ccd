import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { encodeWav16 } from '@jobmill/audio';
import { LocalDiskBlobStore } from '@jobmill/blobs';
import {
  createTestDatabase,
  openDatabase,
  UploadStore,
  type DataSource,
  type TestDatabase,
} from '@jobmill/persistence';
import { ProblemError } from '../../problems/problem.error';
import { GetWaveformController } from './get-waveform.controller';

// The waveform of a stored upload: its record in PostgreSQL, its bytes in the blob store.

describe('GET /v1/uploads/:id/waveform', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let dir: string;
  let controller: GetWaveformController;
  let blobs: LocalDiskBlobStore;
  let uploads: UploadStore;

  const store = async (tenant: string, bytes: Buffer): Promise<string> => {
    const id = randomUUID();
    const info = await blobs.put(id, Readable.from([bytes]), { maxBytes: 10_000_000 });
    await uploads.insert({
      id,
      tenant,
      size: info.size,
      sha256: info.sha256,
      contentType: 'audio/wav',
    });
    return id;
  };

  const problemOf = async (run: Promise<unknown>): Promise<ProblemError> => {
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ProblemError)) throw new Error(`not a problem: ${String(error)}`);
    return error;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    dir = await mkdtemp(path.join(tmpdir(), 'waveform-'));
    blobs = new LocalDiskBlobStore(dir);
    uploads = new UploadStore(ds);
    controller = new GetWaveformController(blobs, uploads);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the stored audio into peaks per bucket, mono', async () => {
    // Stereo: the left channel loud, the right silent, for 1 s; then both silent for 1 s.
    const frames = 16_000;
    const samples = new Float32Array(frames * 2).map((_, i) =>
      i % 2 === 0 && i < frames ? (Math.floor(i / 40) % 2 ? 0.8 : -0.8) : 0,
    );
    const id = await store('acme', encodeWav16(samples, 8_000, 2));
    const wave = await controller.get('acme', id.toUpperCase(), '4');
    expect(wave).toMatchObject({ sampleRate: 8_000, durationSeconds: 2, points: 4 });
    expect(wave.max.map((v) => Math.round(v * 100) / 100)).toEqual([0.4, 0.4, 0, 0]);
    expect(wave.min.map((v) => Math.round(v * 100) / 100)).toEqual([-0.4, -0.4, 0, 0]);
    expect((await controller.get('acme', id, undefined)).points).toBe(800);
  });

  it('is 404 for another tenant or an unknown id, 400 for bad points, 422 for no WAV', async () => {
    const id = await store('acme', encodeWav16(new Float32Array(100), 8_000));
    expect((await problemOf(controller.get('globex', id, '10'))).status).toBe(404);
    expect((await problemOf(controller.get('acme', randomUUID(), '10'))).status).toBe(404);
    expect((await problemOf(controller.get('acme', 'nope', '10'))).status).toBe(404);
    for (const points of ['0', '10001', '1.5', 'x'])
      expect((await problemOf(controller.get('acme', id, points))).code).toBe('INVALID_QUERY');
    const junk = await store('acme', Buffer.from('RIFF this is not really a wave file at all'));
    const refused = await problemOf(controller.get('acme', junk, '10'));
    expect([refused.status, refused.code]).toEqual([422, 'UPLOAD_NOT_WAV']);
  });
});
