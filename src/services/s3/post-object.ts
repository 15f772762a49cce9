// POST Object: browser-form uploads (multipart/form-data to the bucket's URL) with a POST policy.
// The form's fields come first and are read whole (under 1 MiB); the `file` field, which must be
// the last, streams into a blob like a PUT's body (never held whole). The policy (base64 JSON) is
// checked: its expiration on the instance's clock, and every condition (exact matches,
// starts-with, content-length-range) against the fields and the upload. Signatures are not
// verified (as for every request in this version).
import { PassThrough, type Readable } from 'node:stream';
import { AwsError } from '../../protocol/errors.js';
import type { HttpResponse } from '../../protocol/http.js';
import type { RequestContext } from '../context.js';
import { contentHeadersOf, metadataOf, requireBucket, sseOf, storageClassOf, tagsFromHeader } from './common.js';
import { objectEvent } from './events.js';
import type { S3State } from './store.js';
import { discardPayload, uploadedVersion, writePayload } from './payloads.js';
import { checkKey } from './objects.js';

const FIELDS_LIMIT = 1024 * 1024;

const invalidPolicy = (message: string) => new AwsError('InvalidPolicyDocument', `Invalid Policy: ${message}`);
const denied = (message: string) => new AwsError('AccessDenied', message, { status: 403 });

interface Form {
  fields: Map<string, string>;
  file: Readable;
  filename?: string;
  fileType?: string;
}

/** Reads the fields before `file`, then hands the file's bytes on as a stream. */
function readForm(body: Readable, boundary: string): Promise<Form> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  return new Promise((resolve, reject) => {
    // The body starts with `--boundary`; prefixing CRLF makes every delimiter look the same.
    let buf: Buffer = Buffer.from('\r\n');
    const fields = new Map<string, string>();
    let file: PassThrough | undefined;
    let done = false;
    const fail = (e: Error) => {
      if (file) file.destroy(e);
      else if (!done) reject(e);
      done = true;
      body.off('data', onData);
      body.resume();
    };
    const parseParts = () => {
      for (;;) {
        const start = buf.indexOf(delimiter);
        if (start < 0) return;
        const headerEnd = buf.indexOf('\r\n\r\n', start + delimiter.length);
        if (headerEnd < 0) return;
        const head = buf.subarray(start + delimiter.length, headerEnd).toString('utf8');
        const name = /name="([^"]*)"/i.exec(head)?.[1];
        if (name === undefined) return fail(new AwsError('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.'));
        if (name.toLowerCase() === 'file') {
          file = new PassThrough();
          buf = buf.subarray(headerEnd + 4);
          done = true;
          resolve({ fields, file, filename: /filename="([^"]*)"/i.exec(head)?.[1], fileType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] });
          return pumpFile();
        }
        const end = buf.indexOf(delimiter, headerEnd + 4);
        if (end < 0) return;
        fields.set(name.toLowerCase(), buf.subarray(headerEnd + 4, end).toString('utf8'));
        buf = buf.subarray(end);
      }
    };
    const pumpFile = () => {
      const end = buf.indexOf(delimiter);
      if (end >= 0) {
        file!.end(buf.subarray(0, end));
        body.off('data', onData);
        body.resume();
        return;
      }
      // Keep what could be the start of a delimiter split across chunks.
      const keep = Math.min(buf.length, delimiter.length);
      const out = buf.subarray(0, buf.length - keep);
      buf = Buffer.from(buf.subarray(buf.length - keep));
      if (out.length > 0 && !file!.write(out)) {
        body.pause();
        file!.once('drain', () => body.resume());
      }
    };
    const onData = (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      if (file) return pumpFile();
      if (buf.length > FIELDS_LIMIT) return fail(new AwsError('MaxPostPreDataLengthExceeded', 'Your POST request fields preceding the upload file were too large.'));
      parseParts();
    };
    body.on('data', onData);
    body.on('end', () => {
      if (file) {
        if (!file.writableEnded) file.destroy(new AwsError('IncompleteBody', 'The request body terminated unexpectedly'));
      } else if (!done) {
        done = true;
        reject(new AwsError('InvalidArgument', 'POST requires exactly one file upload per request.', { fields: { ArgumentName: 'file', ArgumentValue: '0' } }));
      }
    });
    body.on('error', fail);
  });
}

/** The policy's conditions that can be checked before the upload; the length range after it. */
function checkPolicy(policyText: string, fields: Map<string, string>, bucket: string, now: number): { min: number; max: number } {
  let policy: { expiration?: string; conditions?: unknown[] };
  try {
    policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (typeof policy.expiration !== 'string') throw invalidPolicy('Policy missing expiration.');
  const expires = Date.parse(policy.expiration);
  if (!Number.isFinite(expires)) throw invalidPolicy('Invalid expiration.');
  if (now > expires) throw denied('Invalid according to Policy: Policy expired.');
  if (!Array.isArray(policy.conditions)) throw invalidPolicy('Policy missing conditions.');
  const range = { min: 0, max: Infinity };
  const value = (name: string) => (name === 'bucket' ? bucket : fields.get(name.toLowerCase()));
  for (const c of policy.conditions) {
    if (Array.isArray(c)) {
      const [op, a, b] = c as [string, unknown, unknown];
      if (op === 'content-length-range') {
        range.min = Number(a);
        range.max = Number(b);
        continue;
      }
      const name = String(a).replace(/^\$/, '');
      const actual = value(name) ?? '';
      const ok = op === 'eq' ? actual === String(b) : op === 'starts-with' ? actual.startsWith(String(b)) : false;
      if (op !== 'eq' && op !== 'starts-with') throw invalidPolicy(`Invalid condition operator: ${op}`);
      if (!ok) throw denied(`Invalid according to Policy: Policy Condition failed: ["${op}", "${a}", "${b}"]`);
    } else if (c && typeof c === 'object') {
      for (const [k, v] of Object.entries(c)) {
        if ((value(k) ?? '') !== String(v)) throw denied(`Invalid according to Policy: Policy Condition failed: ["eq", "$${k}", "${v}"]`);
      }
    }
  }
  return range;
}

/** Form fields of the object's headers and metadata, as the PutObject input members. */
function inputOf(fields: Map<string, string>, fileType: string | undefined): Record<string, unknown> {
  const meta: Record<string, string> = {};
  for (const [k, v] of fields) if (k.startsWith('x-amz-meta-')) meta[k.slice('x-amz-meta-'.length)] = v;
  const g = (k: string) => fields.get(k);
  return {
    ContentType: g('content-type') ?? fileType,
    CacheControl: g('cache-control'),
    ContentDisposition: g('content-disposition'),
    ContentEncoding: g('content-encoding'),
    ...(g('expires') && { Expires: new Date(g('expires')!) }),
    Metadata: meta,
    StorageClass: g('x-amz-storage-class'),
    ServerSideEncryption: g('x-amz-server-side-encryption'),
    WebsiteRedirectLocation: g('x-amz-website-redirect-location'),
    Tagging: undefined,
    ChecksumAlgorithm: g('x-amz-checksum-algorithm'),
  };
}

export async function postObject(state: S3State, bucketName: string, body: Readable, contentType: string, ctx: RequestContext): Promise<HttpResponse> {
  const bucket = requireBucket(state, bucketName);
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new AwsError('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  const form = await readForm(body, (boundary[1] ?? boundary[2])!.trim());
  const { fields } = form;
  const keyTemplate = fields.get('key');
  if (keyTemplate === undefined) throw new AwsError('InvalidArgument', 'Bucket POST must contain a field named \'key\'.  If it is specified, please check the order of the fields.', { fields: { ArgumentName: 'key', ArgumentValue: '' } });
  const key = keyTemplate.replace('${filename}', form.filename ?? '');
  fields.set('key', key);
  checkKey(key);
  let range = { min: 0, max: Infinity };
  const policy = fields.get('policy');
  if (policy !== undefined) range = checkPolicy(policy, fields, bucket.name, ctx.clock.now());
  const input = inputOf(fields, form.fileType);
  const headers = contentHeadersOf(input);
  const metadata = metadataOf(input);
  const storageClass = storageClassOf(input);
  const tags = fields.get('tagging') ? tagsFromXml(fields.get('tagging')!) : [];
  const written = await writePayload(state, { ...input, Body: form.file }, ctx);
  if (written.size < range.min || written.size > range.max) {
    discardPayload(state, written);
    throw new AwsError(written.size < range.min ? 'EntityTooSmall' : 'EntityTooLarge', written.size < range.min ? 'Your proposed upload is smaller than the minimum allowed size' : 'Your proposed upload exceeds the maximum allowed size', {
      fields: { ProposedSize: written.size, [written.size < range.min ? 'MinSizeAllowed' : 'MaxSizeAllowed']: written.size < range.min ? range.min : range.max },
    });
  }
  const v = uploadedVersion(state, bucket, key, written, { headers, metadata, storageClass, tags, sse: sseOf(input, bucket), owner: ctx.account }, ctx.clock.now());
  state.addVersion(bucket, v);
  objectEvent(state, ctx, bucket, 'ObjectCreated:Post', v);
  const location = `http://${ctx.host}/${bucket.name}/${encodeURIComponent(key)}`;
  const common = { etag: v.etag, location, 'x-amz-request-id': ctx.requestId, ...(v.versionId !== 'null' && { 'x-amz-version-id': v.versionId }) };
  const redirect = fields.get('success_action_redirect') ?? fields.get('redirect');
  if (redirect) {
    const url = new URL(redirect);
    url.searchParams.set('bucket', bucket.name);
    url.searchParams.set('key', key);
    url.searchParams.set('etag', v.etag);
    return { status: 303, headers: { ...common, location: url.toString() }, body: '' };
  }
  const status = Number(fields.get('success_action_status') ?? 204);
  if (status === 201) {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${escape(location)}</Location><Bucket>${escape(bucket.name)}</Bucket><Key>${escape(key)}</Key><ETag>${escape(v.etag)}</ETag></PostResponse>`;
    return { status: 201, headers: { ...common, 'content-type': 'application/xml' }, body: xml };
  }
  return { status: status === 200 ? 200 : 204, headers: common, body: '' };
}

function tagsFromXml(xml: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of xml.matchAll(/<Tag>\s*<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>\s*<\/Tag>/g)) out.push([m[1]!, m[2]!]);
  return tagsFromHeader(new URLSearchParams(out).toString());
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
