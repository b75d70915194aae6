import * as z from 'zod';
import { defineDownload, defineEndpoint, saveFile } from '../../src/api';
import { $, describe, status } from '../dom';

/** What the backend answers for a stored attachment. */
const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  note: z.string().nullable(),
});

/** `POST /attachments` as multipart (`form: true`): the file part and an optional note. */
const uploadAttachment = defineEndpoint({
  method: 'POST',
  path: '/attachments',
  body: z.object({
    file: z.instanceof(File),
    note: z.string().trim().max(200).optional(),
  }),
  form: true,
  response: attachmentSchema,
});

/**
 * `GET /exports/users?month`: a CSV whose name (`用户列表-2026-12.csv`) comes from the server's
 * `Content-Disposition`. `include: 'deleted'` is the backend's export that is refused.
 */
const exportUsers = defineDownload({
  path: '/exports/users',
  query: z.object({
    month: z.string().regex(/^\d{4}-\d{2}$/),
    include: z.enum(['deleted']).optional(),
  }),
});

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Files: an attachment upload with a progress bar (axios's `onUploadProgress`), and exports
 * saved under the server's own file name (`saveFile`); a refused export shows the server's
 * message and saves nothing.
 */
export function mountFiles() {
  const form = $<HTMLFormElement>('#upload-form');
  const picker = $<HTMLInputElement>('#upload-file', form);
  const note = $<HTMLInputElement>('input[name=note]', form);
  const bar = $<HTMLProgressElement>('#upload-progress');
  const uploadStatus = $('#upload-status');
  const month = $<HTMLInputElement>('#export-month');
  const exportStatus = $('#export-status');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = picker.files?.[0];
    if (!file) return status(uploadStatus, 'Choose a file first.', 'bad');
    bar.value = 0;
    // How many progress events arrived: the e2e test reads it.
    let events = 0;
    status(uploadStatus, `Uploading ${file.name} (${kb(file.size)})…`);
    try {
      const stored = await uploadAttachment(
        { body: { file, note: note.value || undefined } },
        {
          onUploadProgress: ({ loaded, total }) => {
            events += 1;
            bar.dataset.events = String(events);
            if (total) bar.value = Math.round((loaded / total) * 100);
          },
        },
      );
      bar.value = 100;
      status(
        uploadStatus,
        `Stored ${stored.name} as ${stored.id}: ${kb(stored.size)}, sha256 ${stored.sha256.slice(0, 12)}…`,
        'ok',
      );
      uploadStatus.dataset.sha256 = stored.sha256;
    } catch (error) {
      status(uploadStatus, describe(error), 'bad');
    }
  });

  async function exportCsv(include: 'deleted' | undefined) {
    status(exportStatus, 'Exporting…');
    try {
      const file = await exportUsers({ query: { month: month.value, include } });
      // The name is the server's (filename*=UTF-8''…), the fallback only for a server that sent none.
      saveFile(file, `users-${month.value}.csv`);
      status(exportStatus, `Saved ${file.filename ?? 'the file'} (${kb(file.size)}).`, 'ok');
    } catch (error) {
      // A refused export is the server's JSON message, never a file holding the error page.
      status(exportStatus, describe(error), 'bad');
    }
  }
  $('#export-csv').addEventListener('click', () => exportCsv(undefined));
  $('#export-denied').addEventListener('click', () => exportCsv('deleted'));
}
