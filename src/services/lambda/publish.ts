// Publishing a version: an immutable snapshot of $LATEST (code and configuration) numbered 1, 2,
// ...; publishing when nothing changed since the last version returns that version, as AWS does.
// (Used by PublishVersion and by CreateFunction / UpdateFunctionCode with Publish.)
import type { RequestContext } from '../context.js';
import type { VersionRow } from './rows.js';
import { saveFunction, saveVersion, type LambdaFunction, type LambdaState } from './store.js';

/** Publishes $LATEST as the next version (or returns the last one when nothing changed). */
export function publishSnapshot(state: LambdaState, ctx: RequestContext, fn: LambdaFunction, description: string | undefined): VersionRow {
  const c = fn.row.config;
  const last = fn.versions.get(String(fn.row.lastVersion));
  if (last && last.config.CodeSha256 === c.CodeSha256 && sameConfig(last, fn) && (description === undefined || description === last.config.Description)) return last;
  const version = String(++fn.row.lastVersion);
  const row: VersionRow = { config: { ...structuredClone(c), Version: version, Description: description ?? c.Description, RevisionId: ctx.ids.uuid() }, policy: {} };
  fn.versions.set(version, row);
  saveVersion(state, fn, version, row);
  saveFunction(state, fn);
  return row;
}

function sameConfig(v: VersionRow, fn: LambdaFunction): boolean {
  const strip = (o: object) => JSON.stringify({ ...o, Version: '', RevisionId: '', LastModified: '', Description: '' });
  return strip(v.config) === strip(fn.row.config);
}

