import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkMultipartCsrf } from '../../platform/http/csrf.js';
import { asClientProblem, checkMultipartHeaders, RequestBytes, Spool } from '../../platform/http/multipart-spool.js';
import type { UploadDeps } from '../cases-deps.js';
import type { IncomingFile } from './save-application.js';
import { DEFAULT_UPLOAD_LIMITS } from '../documents/upload-check.js';

/** A posted application or upload form: its short text fields and each chosen file. */
export interface PostedForm {
  readonly fields: Record<string, string>;
  readonly files: IncomingFile[];
}

/** Lets a scope's routes take the forms with files (the application, uploads from the status page). */
export async function acceptUploadForms(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: DEFAULT_UPLOAD_LIMITS.maxBytes, files: 20, fields: 30, fieldSize: 4000, parts: 50 },
  });
}

/**
 * Reads the multipart form: short text fields, and each chosen file streamed to a temporary file
 * (cut off, and so refused, above the per-file limit; the whole request cut off above its own).
 * The first file takes an upload slot for the rest of the request; with none free, the files are
 * read and thrown away and come back as not received (`read: null`), while the fields are kept.
 * Temporary files and the slot go when the answer is sent. Then checks the CSRF token against the
 * route's declaration (`csrfMultipart`): `null` when it failed and the route's refusal has answered.
 */
export async function readForm(
  request: FastifyRequest,
  reply: FastifyReply,
  uploads: UploadDeps,
): Promise<PostedForm | null> {
  checkMultipartHeaders(request, uploads.limits.requestBytes);
  const spool = new Spool(new RequestBytes(uploads.limits.requestBytes));
  let slot: (() => void) | null | undefined;
  reply.raw.once('close', () => {
    slot?.();
    spool.discard().catch(() => undefined);
  });
  const fields: Record<string, string> = {};
  const files: IncomingFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.filename === '') {
          await spool.skip(part.file); // a file field left empty
          continue;
        }
        if (slot === undefined) slot = uploads.slots.tryAcquire(); // asked once: all files or none
        const documentSlug = part.fieldname.replace(/^file:/, '');
        const kept = slot ? await spool.keep(part.file) : null;
        if (!kept) await spool.skip(part.file);
        files.push({
          documentSlug,
          fileName: part.filename,
          size: kept?.size ?? 0,
          read: kept ? kept.read : null,
          truncated: part.file.truncated,
        });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value.slice(0, 2000);
      }
    }
  } catch (error) {
    reply.header('connection', 'close');
    throw asClientProblem(error);
  }
  if (!(await checkMultipartCsrf(request, reply, fields))) return null;
  return { fields, files };
}
