import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  connect,
  launchChromium,
  openPage,
  rowStatus,
  screenshot,
  screenshotName,
  type PageTrouble,
} from './support/dashboard-browser';
import { usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY, TEST_API_KEY } from './support/platform-processes';
import { makeSpeechFixture } from './support/speech-fixture';
import { waitFor } from './support/wait-for';
import { silentWav } from './support/wav-bytes';

const mode = process.env['JOBMILL_TEST_MODE'] === 'embedded' ? 'embedded' : 'distributed';

const SUITE = 'dashboard in a browser (real services, Debian chromium)';

describe(SUITE, () => {
  // The test tenant's key is an admin key too: one key opens every part of the page.
  const platform = usePlatform({ api: { ADMIN_API_KEYS: TEST_API_KEY } });
  let browser: Browser;
  let page: Page;
  let trouble: PageTrouble;
  let navigations: number;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  /** A fresh page connected with `key`; counts navigations from then on. */
  const open = async (key = TEST_API_KEY, viewport?: { width: number; height: number }) => {
    ({ page, trouble } = await openPage(browser, viewport));
    await connect(page, platform.api.baseUrl, key);
    navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
  };
  afterEach(async () => {
    if (page) await screenshot(page, screenshotName(mode, SUITE), true);
    await page?.context().close();
  });

  const untilRow = (jobId: string, status: string, timeoutMs = 30_000) =>
    waitFor(
      `job ${jobId} to show ${status} in the page`,
      async () => ((await rowStatus(page, jobId)) === status ? true : undefined),
      timeoutMs,
    );

  it('runs under its CSP without an error, live over SSE with the key in a header, never in a URL', async () => {
    const requests: Array<{ url: string; auth: string | undefined }> = [];
    ({ page, trouble } = await openPage(browser));
    page.on('request', (r) => requests.push({ url: r.url(), auth: r.headers()['authorization'] }));
    await connect(page, platform.api.baseUrl, TEST_API_KEY);

    expect(await page.textContent('#live-state')).toBe('live');
    expect(await page.isVisible('#admin')).toBe(true);
    const stream = requests.find((r) => new URL(r.url).pathname === '/v1/events');
    expect(stream?.auth).toBe(`Bearer ${TEST_API_KEY}`);
    expect(requests.every((r) => r.url.startsWith(platform.api.baseUrl))).toBe(true);
    expect(requests.filter((r) => r.url.includes(TEST_API_KEY))).toEqual([]);
    expect(trouble.errors).toEqual([]);
  });

  it('submits a job from its form and shows it reach SUCCEEDED without a reload', async () => {
    const speech = makeSpeechFixture(platform.env.workDir, ['The dashboard is watching.'], [0.4]);
    await open();
    await page.setInputFiles('#submit-file', speech.file);
    await page.selectOption('#submit-type', 'detection.vad');
    await page.click('#submit-button');
    const status = await waitFor('the submission to be accepted', async () => {
      const text = (await page.textContent('#submit-status')) ?? '';
      return /Accepted: job \S+/.test(text) ? text : undefined;
    });
    const jobId = /job (\S+) is/.exec(status)?.[1] ?? '';

    // The safety re-read comes every 30 s while live: a faster change came over the stream.
    await untilRow(jobId, 'SUCCEEDED', 25_000);
    await page.waitForSelector('#detail-fields .status-succeeded');
    expect(await page.textContent('#detail-outcome')).toMatch(/1 speech segment/);
    expect(navigations).toBe(0);
    // Still live: no fallback polling ran, so the stream's events moved the page.
    expect(await page.textContent('#live-state')).toBe('live');
    expect((await platform.api.job(jobId)).status).toBe('SUCCEEDED');
    expect(trouble.errors).toEqual([]);
  });

  it('cancels a running job only once the confirmation is accepted', async () => {
    await open();
    const job = await platform.api.submit('system.ping', { durationMs: 120_000 });
    await untilRow(job.id, 'RUNNING');
    await page.click(`#jobs-body tr[data-job-id="${job.id}"] button.link`);
    await page.waitForSelector('#detail-cancel:not([hidden])');

    await page.click('#detail-cancel');
    await page.waitForSelector('#confirm-dialog[open]');
    await page.click('#confirm-no');
    await page.waitForSelector('#confirm-dialog', { state: 'hidden' });
    expect((await platform.api.job(job.id)).status).toBe('RUNNING');

    await page.click('#detail-cancel');
    expect(await page.textContent('#confirm-title')).toBe('Cancel this job?');
    await page.click('#confirm-yes');
    await untilRow(job.id, 'CANCELLED', 15_000);
    expect((await platform.api.job(job.id)).status).toBe('CANCELLED');
    expect(navigations).toBe(0);
  });

  it('discards a dead letter only once the confirmation is accepted', async () => {
    const deadLetters = async () =>
      (
        (await (await platform.api.request('GET', '/v1/admin/dead-letters?limit=100')).json()) as {
          items: Array<{ messageId: string; jobId: string | null }>;
        }
      ).items;
    // A WAV whose data ends early: the job fails for good and its command is dead-lettered.
    const junk = path.join(platform.env.workDir, 'dashboard-junk.wav');
    await writeFile(junk, silentWav(2_000, 50_000));
    const job = await platform.api.submit('detection.vad', {
      uploadId: await platform.api.upload(junk),
    });
    const letter = await waitFor('its dead letter', async () =>
      (await deadLetters()).find((l) => l.jobId === job.id),
    );
    await open();
    const discard = `#dead-letters-body button[aria-label="Discard message ${letter.messageId}"]`;
    await page.click(discard);
    await page.waitForSelector('#confirm-dialog[open]');
    expect(await page.textContent('#confirm-title')).toBe('Discard this dead letter?');
    await page.click('#confirm-no');
    await page.waitForSelector('#confirm-dialog', { state: 'hidden' });
    expect((await deadLetters()).some((l) => l.messageId === letter.messageId)).toBe(true);

    await page.click(discard);
    await page.click('#confirm-yes');
    await page.waitForSelector(discard, { state: 'detached' });
    expect(await page.textContent('#admin-status')).toBe('Discarded 1 dead letter for good.');
    expect((await deadLetters()).some((l) => l.messageId === letter.messageId)).toBe(false);
    expect(navigations).toBe(0);
    expect(trouble.errors).toEqual([]);
  });

  it('searches by id prefix and time, and refuses a malformed search, keeping what was typed', async () => {
    const [a, b] = [
      await platform.api.submit('system.ping', {}),
      await platform.api.submit('system.ping', {}),
    ];
    await open();
    await untilRow(b.id, 'SUCCEEDED');

    await page.fill('#search-id', 'not-an-id');
    await page.click('#search-button');
    await page.waitForSelector('#jobs-error:not([hidden])');
    expect(await page.textContent('#jobs-error')).toMatch(/hexadecimal/);
    expect(await page.inputValue('#search-id')).toBe('not-an-id');

    await page.fill('#search-id', a.id.slice(0, 8));
    await page.click('#search-button');
    await page.waitForSelector('#jobs-error', { state: 'hidden' });
    await waitFor('only the searched job to be listed', async () => {
      const rows = await page.locator('#jobs-body tr').all();
      const ids = await Promise.all(rows.map((row) => row.getAttribute('data-job-id')));
      return ids.length === 1 && ids[0] === a.id ? true : undefined;
    });

    await page.click('#search-clear');
    await untilRow(b.id, 'SUCCEEDED');

    // Time range: the browser's local time, as datetime-local inputs take it.
    const local = (ms: number) => {
      const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
      return d.toISOString().slice(0, 19);
    };
    await page.fill('#search-after', local(Date.now() + 3_600_000));
    await page.fill('#search-before', local(Date.now() - 3_600_000));
    await page.click('#search-button');
    await page.waitForSelector('#jobs-error:not([hidden])');
    expect(await page.textContent('#jobs-error')).toMatch(/must be later than/);
    await page.fill('#search-before', '');
    await page.click('#search-button');
    await waitFor('a search after now to match nothing', async () =>
      (await page.textContent('#jobs-empty')) === 'No jobs match this search.' ? true : undefined,
    );
    expect(await rowStatus(page, b.id)).toBe('');
  });

  it('hides the admin parts from a key without the admin scope, and says why', async () => {
    await open(OTHER_TENANT_KEY);
    await page.waitForSelector('#access-note:not([hidden])');
    expect(await page.textContent('#access-note')).toMatch(/admin scope/);
    for (const part of ['#admin', '#ops', '#search-tenant', '#requeue-all'])
      expect(await page.isVisible(part)).toBe(false);
    // A tenant key still submits and acts on its own jobs.
    expect(await page.isVisible('#submit')).toBe(true);
    expect(await page.isVisible('#bulk-cancel')).toBe(true);
    expect(trouble.errors).toEqual([]);
  });

  it('offers no action to a key that may only read', async () => {
    const res = await platform.api.request('POST', '/v1/admin/api-keys', {
      tenant: 'acme',
      scopes: ['read'],
      name: 'dashboard-read-only',
    });
    expect(res.status).toBe(201);
    const { key } = (await res.json()) as { key: string };
    const job = await platform.api.submit('system.ping', {});
    await open(key);
    await page.waitForSelector('#access-note:not([hidden])');
    expect(await page.textContent('#access-note')).toMatch(/Read-only/);
    await untilRow(job.id, 'SUCCEEDED');
    await page.click(`#jobs-body tr[data-job-id="${job.id}"] button.link`);
    await page.waitForSelector('#detail-fields .status-succeeded');
    for (const part of ['#submit', '#bulk-cancel', '#bulk-retry', '#schedule-form'])
      expect(await page.isVisible(part)).toBe(false);
  });

  it('fits a 420 px wide screen', async () => {
    const job = await platform.api.submit('system.ping', {});
    await open(TEST_API_KEY, { width: 420, height: 900 });
    await untilRow(job.id, 'SUCCEEDED');
    await page.click(`#jobs-body tr[data-job-id="${job.id}"] button.link`);
    await page.waitForSelector('#detail-fields .status-succeeded');
    // The page's own width beyond the window's: a sideways scroll on a phone.
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.locator('#jobs-panel').scrollIntoViewIfNeeded();
    await screenshot(page, `${mode}-narrow-jobs`);
    expect(await page.isVisible('#search-button')).toBe(true);
  });
});
