// GetFunction's Code.Location: Nimbus serves a function's (or version's) zip at
// /_nimbus/lambda/code/<blob id>.zip. Blob ids are unguessable; only ids a function or version of
// this instance names are served.
import type { HttpRequest, HttpResponse } from '../../protocol/http.js';
import type { LambdaState } from './store.js';

export function codeFile(state: LambdaState, req: HttpRequest): HttpResponse | undefined {
  const m = /^\/_nimbus\/lambda\/code\/([0-9a-f]{32})\.zip$/.exec(req.path);
  if (!m) return undefined;
  const blob = m[1]!;
  for (const { state: scope } of state.regions.entries()) {
    for (const fn of scope.functions.values()) {
      if (fn.row.config.codeBlob === blob || [...fn.versions.values()].some((v) => v.config.codeBlob === blob)) {
        return { status: 200, headers: { 'content-type': 'application/zip' }, body: req.method === 'HEAD' ? Buffer.alloc(0) : state.host.blobs.read(blob) };
      }
    }
  }
  return undefined;
}
