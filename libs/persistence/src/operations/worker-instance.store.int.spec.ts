import { runSql } from '../shared/run-sql';
import { useMigratedDatabase } from '../testing/migrated-database.fixture';
import { JobTypePauseStore } from './job-type-pause.store';
import { WorkerInstanceStore } from './worker-instance.store';
import type { WorkerHeartbeat } from './worker-instance';

const beat = (instance: string, inFlight = 0): WorkerHeartbeat => ({
  instance,
  service: 'detection-worker',
  jobTypes: ['detection.vad', 'system.ping'],
  slots: 4,
  inFlight,
  heartbeatMs: 1_000,
  startedAt: new Date('2026-01-01T00:00:00Z'),
});

describe('WorkerInstanceStore and JobTypePauseStore', () => {
  const db = useMigratedDatabase();

  it('upserts one row per instance and lists it, fresh, then stale, then gone', async () => {
    const workers = new WorkerInstanceStore(db.ds);
    expect(await workers.beat(beat('host-a:1'))).toEqual(new Set());
    await workers.beat(beat('host-a:1', 3));
    await workers.beat(beat('host-b:2'));
    const listed = await workers.list();
    expect(listed.map((w) => [w.instance, w.inFlight, w.stale])).toEqual([
      ['host-a:1', 3, false],
      ['host-b:2', 0, false],
    ]);
    expect(listed[0]).toMatchObject({
      service: 'detection-worker',
      jobTypes: ['detection.vad', 'system.ping'],
      slots: 4,
      startedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(Date.now() - Date.parse(listed[0]?.lastHeartbeatAt ?? '')).toBeLessThan(5_000);

    // Three beats missed: stale. An hour silent: deleted by anyone's next beat.
    await runSql(
      db.ds,
      `UPDATE worker_instances SET last_heartbeat_at = now() - interval '4 seconds'
       WHERE instance = 'host-a:1'`,
    );
    expect((await workers.list()).map((w) => [w.instance, w.stale])).toEqual([
      ['host-a:1', true],
      ['host-b:2', false],
    ]);
    await runSql(
      db.ds,
      `UPDATE worker_instances SET last_heartbeat_at = now() - interval '61 minutes'
       WHERE instance = 'host-a:1'`,
    );
    expect((await workers.list()).map((w) => w.instance)).toEqual(['host-b:2']);
    await workers.beat(beat('host-b:2'));
    const { rows } = await runSql<{ n: number }>(
      db.ds,
      'SELECT count(*)::int AS n FROM worker_instances',
    );
    expect(rows[0]?.n).toBe(1);
    await workers.remove('host-b:2');
    expect(await workers.list()).toEqual([]);
  });

  it('keeps pauses, which every heartbeat reads', async () => {
    const pauses = new JobTypePauseStore(db.ds);
    const workers = new WorkerInstanceStore(db.ds);
    const first = await pauses.pause('system.ping');
    expect(first).toMatchObject({ type: 'system.ping', paused: true });
    const again = await pauses.pause('system.ping');
    expect(again.pausedAt).toBe(first.pausedAt);
    expect(await workers.beat(beat('host-c:3'))).toEqual(new Set(['system.ping']));
    expect(await pauses.list(['detection.vad', 'system.ping'])).toEqual([
      { type: 'detection.vad', paused: false, pausedAt: null },
      { type: 'system.ping', paused: true, pausedAt: first.pausedAt },
    ]);
    expect(await pauses.resume('system.ping')).toEqual({
      type: 'system.ping',
      paused: false,
      pausedAt: null,
    });
    expect(await pauses.resume('system.ping')).toMatchObject({ paused: false });
    expect(await workers.beat(beat('host-c:3'))).toEqual(new Set());
  });
});
