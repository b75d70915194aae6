/**
 * The demo's Files panel in Chromium (run from demo.test.ts, on its signed-in page): an upload
 * whose progress bar moves and whose bytes arrive intact, an "Export CSV" saved by `saveFile`
 * under the server's Chinese file name (read from the browser's download event), and a refused
 * export that shows the server's JSON message and saves nothing.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { EXPORT_DENIED, exportFileName } from '../../demo/backend/files';

/** 768 KB: half a second on the emulated link, about ten progress events. */
const UPLOAD_BYTES = 768 * 1024;
/** The emulated upload link, in bytes a second (Chromium's own network throttling, over CDP). */
const UPLINK_BYTES_PER_SECOND = 1536 * 1024;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The test file's bytes: a pattern both Node and the page can make. */
function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

/**
 * Upload through the panel on a slow uplink: the bar reaches 100 % through values on the way,
 * and the bytes arrive intact (the server's SHA-256 of what it parsed out of the multipart).
 */
export async function checkUpload(page: Page): Promise<void> {
  const name = '发票 2026-12.pdf';
  // The file is made in the page (a DataTransfer, as a drop or a picker gives it), not sent over CDP.
  await page.evaluate(
    ({ name, size }) => {
      // The same bytes as pattern(size).
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'application/pdf' }));
      const input = document.querySelector<HTMLInputElement>('#upload-file');
      if (input) input.files = transfer.files;
      const bar = document.querySelector<HTMLProgressElement>('#upload-progress');
      const seen: number[] = [];
      (window as { uploadSeen?: number[] }).uploadSeen = seen;
      // Every value the bar takes on the way, to prove progress rather than only the end.
      if (bar) new MutationObserver(() => seen.push(bar.value)).observe(bar, { attributes: true });
    },
    { name, size: UPLOAD_BYTES },
  );
  await page.fill('#upload-form input[name=note]', 'December invoice');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: UPLINK_BYTES_PER_SECOND,
  });
  try {
    await page.click('#upload-form button[type=submit]');
    await page.waitForSelector('#upload-status.ok, #upload-status.bad', { timeout: 10_000 });
  } finally {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
  }
  const status = (await page.textContent('#upload-status')) ?? '';
  expect(status).toContain(`Stored ${name} as att_`);
  expect(await page.getAttribute('#upload-status', 'data-sha256')).toBe(
    sha256(pattern(UPLOAD_BYTES)),
  );
  expect(await page.$eval('#upload-progress', (bar: HTMLProgressElement) => bar.value)).toBe(100);
  const events = Number(await page.getAttribute('#upload-progress', 'data-events'));
  const seen = await page.evaluate(() => (window as { uploadSeen?: number[] }).uploadSeen ?? []);
  expect(events).toBeGreaterThan(1);
  expect(
    seen.some((value) => value > 0 && value < 100),
    String(seen),
  ).toBe(true);
}

/** Export CSV: a real download named by the server's filename*, holding the CSV. */
export async function checkExport(page: Page): Promise<void> {
  const month = await page.inputValue('#export-month');
  expect(month).toBe('2026-12');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10_000 }),
    page.click('#export-csv'),
  ]);
  expect(download.suggestedFilename()).toBe(exportFileName(month));
  expect(exportFileName(month)).toBe('用户列表-2026-12.csv');
  const path = await download.path();
  const csv = await readFile(path, 'utf8');
  expect(csv.startsWith('\uFEFFid,name,email,role,createdAt\r\n')).toBe(true);
  expect(csv).toContain(',Ada Lovelace,');
  await page.waitForSelector('#export-status.ok');
  expect(await page.textContent('#export-status')).toContain(`Saved ${exportFileName(month)}`);
}

/** The refused export: the server's own message on the page, and no file saved. */
export async function checkRefusedExport(page: Page): Promise<void> {
  const downloads: string[] = [];
  const onDownload = (d: { suggestedFilename(): string }) => downloads.push(d.suggestedFilename());
  page.on('download', onDownload);
  try {
    await page.click('#export-denied');
    await page.waitForSelector('#export-status.bad', { timeout: 10_000 });
    expect(await page.textContent('#export-status')).toBe(
      `http ${EXPORT_DENIED.status}: ${EXPORT_DENIED.message}`,
    );
    // The status line is written in the catch: saveFile never ran, and no download began.
    expect(downloads).toEqual([]);
  } finally {
    page.off('download', onDownload);
  }
}
