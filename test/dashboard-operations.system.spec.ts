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
import type { JobBody } from './support/api-client';
import { usePlatform } from './support/platform-fixture';
import { TEST_API_KEY } from './support/platform-processes';
import { makeSpeechFixture } from './support/speech-fixture';
import { waitFor } from './support/wait-for';
import { silentWav } from './support/wav-bytes';

const mode = process.env['JOBMILL_TEST_MODE'] === 'embedded' ? 'embedded' : 'distributed';

const SUITE = 'dashboard operations in a browser (real services, Debian chromium)';

describe(SUITE, () => {
  // The pause test watches the normal lane's depth: a fair share above its jobs keeps them there.
  const platform = usePlatform({ api: { ADMIN_API_KEYS: TEST_API_KEY, FAIR_SHARE: '100' } });
  let browser: Browser;
  let page: Page;
  let trouble: PageTrouble;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    ({ page, trouble } = await openPage(browser));
    await connect(page, platform.api.baseUrl, TEST_API_KEY);
    await page.waitForSelector('#ops:not([hidden])');
  });
  afterEach(async () => {
    await screenshot(page, screenshotName(mode, SUITE), true);
    await page.context().close();
  });

  const untilText = (selector: string, pattern: RegExp, timeoutMs = 30_000) =>
    waitFor(
      `${selector} to read ${String(pattern)}`,
      async () => (pattern.test((await page.textContent(selector)) ?? '') ? true : undefined),
      timeoutMs,
    );

  it('retries every failed job of a search after a confirmation that counts them', async () => {
    // A WAV cut short (its header passes the upload check): its detection fails for good.
    const junk = path.join(platform.env.workDir, 'junk.wav');
    await writeFile(junk, silentWav(2_000, 50_000));
    const upload = await platform.api.upload(junk);
    const failed: JobBody[] = [];
    for (let i = 0; i < 3; i += 1)
      failed.push(await platform.api.submit('detection.vad', { uploadId: upload }));
    await Promise.all(failed.map((j) => platform.api.waitForTerminal(j.id)));
    const ok = await platform.api.submit('system.ping', {});

    await page.selectOption('#filter-status', 'FAILED');
    await waitFor('the failed jobs to be listed', async () => {
      const shown = await Promise.all(failed.map((j) => rowStatus(page, j.id)));
      return shown.every((s) => s === 'FAILED') ? true : undefined;
    });
    expect(await rowStatus(page, ok.id)).toBe('');

    await page.click('#bulk-retry');
    await page.waitForSelector('#confirm-dialog[open]');
    expect(await page.textContent('#confirm-title')).toBe('Retry 3 jobs?');
    expect(await page.textContent('#confirm-text')).toMatch(/status FAILED/);
    await page.click('#confirm-yes');
    await untilText('#bulk-status', /^Retried 3 of 3 matching jobs\.$/);

    await waitFor('each retried job to fail again as attempt 2', async () => {
      const jobs = await Promise.all(failed.map((j) => platform.api.job(j.id)));
      return jobs.every((j) => j.attempt === 2 && j.status === 'FAILED') ? true : undefined;
    });
    expect(trouble.errors).toEqual([]);
  });

  it('pauses the job types of a queue and shows its depth rise, then fall once resumed', async () => {
    // The detection queue serves both: with both paused the workers leave it.
    const types = ['detection.vad', 'system.ping'];
    const row = (type: string) => `#job-types-body tr[data-job-type="${type}"]`;
    const lane = '#queues-body tr[data-queue="system.ping/normal"]';
    const depth = `${lane} td.depth`;
    for (const type of types) {
      await page.waitForSelector(`${row(type)} button[data-action="pause"]`);
      await page.click(`${row(type)} button`);
      await page.waitForSelector('#confirm-dialog[open]');
      await page.click('#confirm-yes');
      await page.waitForSelector(`${row(type)} button[data-action="resume"]`);
    }

    // Paused for real once the workers have left its queue (they notice within about a second).
    await untilText(`${lane} td.consumers`, /^0$/);
    const jobs: JobBody[] = [];
    try {
      for (let i = 0; i < 4; i += 1) jobs.push(await platform.api.submit('system.ping', {}));
      await untilText(depth, /^4$/);
      await page.waitForSelector(`${lane} .flag`);
      expect((await platform.api.job(jobs[0]?.id ?? '')).status).toBe('QUEUED');

      for (const type of types) {
        await page.click(`${row(type)} button`);
        await page.waitForSelector(`${row(type)} button[data-action="pause"]`);
      }
      await untilText(depth, /^0$/);
      await Promise.all(jobs.map((j) => platform.api.waitForTerminal(j.id)));
    } finally {
      // A failure above must not leave the detection queue paused for the next test.
      for (const type of types)
        await platform.api.request('POST', `/v1/admin/job-types/${type}/resume`);
    }
    expect(trouble.errors).toEqual([]);
  });

  it("draws a detection's speech segments over its waveform, and the last hour's charts", async () => {
    const speech = makeSpeechFixture(
      platform.env.workDir,
      ['Queues are moving.', 'Workers are busy.'],
      [0.5, 0.8],
    );
    const job = await platform.api.submit('detection.vad', {
      uploadId: await platform.api.upload(speech.file),
    });
    await platform.api.waitForTerminal(job.id);
    await page.waitForSelector(`#jobs-body tr[data-job-id="${job.id}"] .status-succeeded`);
    await page.click(`#jobs-body tr[data-job-id="${job.id}"] button.link`);
    await page.waitForSelector('#waveform:not([hidden]) svg path.wave');
    expect(await page.locator('#waveform rect.segment').count()).toBe(2);
    expect(await page.textContent('#waveform-caption')).toMatch(/2 speech segments/);
    await page.waitForSelector('#charts:not([hidden]) #chart-throughput svg path.series-succeeded');
    await page.locator('#overview').scrollIntoViewIfNeeded();
    await screenshot(page, `${mode}-readme-dashboard`);
  });
});
