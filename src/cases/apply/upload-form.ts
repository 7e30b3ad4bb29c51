import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkMultipartCsrf } from '../../platform/http/csrf.js';
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
 * Reads the multipart form: short text fields, and each chosen file (cut off, and so refused, above
 * the limit). Then checks its CSRF token against the route's declaration (`csrfMultipart`): `null`
 * when the token failed and the route's refusal has already answered.
 */
export async function readForm(request: FastifyRequest, reply: FastifyReply): Promise<PostedForm | null> {
  const fields: Record<string, string> = {};
  const files: IncomingFile[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.filename === '' && bytes.length === 0) continue; // a file field left empty
      files.push({
        documentSlug: part.fieldname.replace(/^file:/, ''),
        fileName: part.filename,
        bytes,
        truncated: part.file.truncated,
      });
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value.slice(0, 2000);
    }
  }
  if (!(await checkMultipartCsrf(request, reply, fields))) return null;
  return { fields, files };
}
