import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { create as contentDisposition } from 'content-disposition';
import * as z from 'zod';
import { type Ctx, HttpFailure, parseInput, sendJson } from './respond';
import type { Route } from './routes';
import type { DemoState } from './state';

/** The largest attachment the demo takes. */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
/** What the failing export answers (the server's own words, which the page must show). */
export const EXPORT_DENIED = {
  status: 403,
  code: 40301,
  message: 'Exporting deleted users needs the auditor role',
};

/** The export's file name for a month: Chinese, as a real admin backend names it. */
export const exportFileName = (month: string) => `用户列表-${month}.csv`;

/** The query of `GET /api/exports/users`. */
export const exportQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected a month as YYYY-MM'),
  include: z.enum(['deleted']).optional(),
});

/** What `POST /api/attachments` answers: what arrived, and its SHA-256. */
export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.int().nonnegative(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    // For the OpenAPI document's samples (gen:openapi cannot make up a match for the pattern).
    .meta({ examples: ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'] }),
  note: z.string().nullable(),
});

/** A CSV field, quoted when it must be (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Read a request body, refusing more than `limit` bytes with a 413. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpFailure(413, `Attachments are limited to ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * `POST /api/attachments` (multipart: a `file` part and an optional `note`), answered with what
 * arrived and its SHA-256; `GET /api/exports/users?month`, a CSV of the users named
 * `用户列表-<month>.csv` in `Content-Disposition` (`filename*=UTF-8''…`, with an ASCII fallback),
 * exposed to other origins; `&include=deleted` is refused with a JSON 403 and the server's own
 * message, as an export behind a permission is.
 */
export function fileRoutes(state: DemoState): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/attachments',
      async handler(ctx: Ctx) {
        state.requireUser(ctx);
        const type = String(ctx.req.headers['content-type'] ?? '');
        if (!type.startsWith('multipart/form-data')) {
          throw new HttpFailure(415, 'Send the attachment as multipart/form-data');
        }
        const body = await readBody(ctx.req, MAX_ATTACHMENT_BYTES);
        // Node's own multipart parser (undici's, behind Response.formData).
        const form = await new Response(body, { headers: { 'content-type': type } })
          .formData()
          .catch(() => {
            throw new HttpFailure(400, 'The multipart body could not be read');
          });
        const file = form.get('file');
        if (!(file instanceof Blob)) {
          throw new HttpFailure(422, 'The form has no file part named "file"');
        }
        const bytes = Buffer.from(await file.arrayBuffer());
        const note = form.get('note');
        const stored = {
          id: `att_${randomBytes(4).toString('hex')}`,
          name: file instanceof File ? file.name : 'blob',
          type: file.type,
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          note: typeof note === 'string' ? note : null,
        };
        sendJson(ctx.res, 201, stored, attachmentSchema);
      },
    },
    {
      method: 'GET',
      path: '/api/exports/users',
      handler(ctx: Ctx) {
        state.requireUser(ctx);
        const query = parseInput(exportQuery, Object.fromEntries(ctx.url.searchParams));
        if (query.include === 'deleted') {
          const { status, ...body } = EXPORT_DENIED;
          throw new HttpFailure(status, body.message, { code: body.code });
        }
        const rows = [...state.users.values()].map((user) =>
          [user.id, user.name, user.email, user.role, user.createdAt].map(csvField).join(','),
        );
        // A BOM, so Excel opens the UTF-8 file as UTF-8.
        const csv = `\uFEFFid,name,email,role,createdAt\r\n${rows.join('\r\n')}\r\n`;
        const bytes = Buffer.from(csv, 'utf8');
        // Cross-origin, a page sees only the headers the server exposes.
        const exposed = ctx.res.getHeader('Access-Control-Expose-Headers');
        if (exposed !== undefined) {
          ctx.res.setHeader('Access-Control-Expose-Headers', `${exposed}, Content-Disposition`);
        }
        ctx.res.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Length': bytes.length,
          'Content-Disposition': contentDisposition(exportFileName(query.month)),
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        ctx.res.end(bytes);
      },
    },
  ];
}
