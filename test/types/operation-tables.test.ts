// Operation tables are checked by the compiler: the fixtures in test/types/fixtures/ (which the
// build excludes) are compiled with the project's tsc. valid-tables.ts must compile; every other
// fixture must fail exactly where its lines say, `// expect TS<code> '<name>'`: that code on that
// line, with a message naming <name> (the offending key, or the type that does not fit).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// dist/test/types/ -> repository root
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'types', 'fixtures');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

interface Diagnostic {
  file: string;
  line: number;
  code: string;
  /** The first line and its indented elaboration. */
  text: string;
}

function compileFixtures(): { status: number | null; diagnostics: Diagnostic[]; output: string } {
  const r = spawnSync(TSC, ['-p', join(FIXTURES, 'tsconfig.json'), '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
  if (r.error) throw r.error;
  const output = `${r.stdout}${r.stderr}`;
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (m) diagnostics.push({ file: m[1]!.split(/[\\/]/).pop()!, line: Number(m[2]), code: m[3]!, text: m[4]! });
    else if (/^\s/.test(line) && diagnostics.length > 0) diagnostics[diagnostics.length - 1]!.text += `\n${line}`;
  }
  return { status: r.status, diagnostics, output };
}

function expectations(file: string): Array<{ line: number; code: string; name: string }> {
  return readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .flatMap((text, i) => {
      const m = /\/\/ expect (TS\d+) '([^']+)'/.exec(text);
      return m ? [{ line: i + 1, code: m[1]!, name: m[2]! }] : [];
    });
}

test('operation tables: unknown operations and wrong handlers do not compile; valid tables do', () => {
  const { status, diagnostics, output } = compileFixtures();
  assert.notEqual(status, 0, 'the failing fixtures fail to compile');
  assert.deepEqual(diagnostics.filter((d) => d.file === 'valid-tables.ts'), [], 'valid-tables.ts compiles');

  const fixtures = ['unknown-operations.ts', 'wrong-handlers.ts'];
  for (const file of fixtures) {
    const expected = expectations(file);
    assert.ok(expected.length >= 4, `${file} has its expectations`);
    for (const e of expected) {
      const at = diagnostics.filter((d) => d.file === file && d.line === e.line);
      assert.ok(
        at.some((d) => d.code === e.code && d.text.includes(e.name)),
        `${file}:${e.line}: expected ${e.code} naming '${e.name}', got ${at.length ? at.map((d) => `${d.code}: ${d.text}`).join('\n') : 'no error'}`,
      );
    }
    const unexpected = diagnostics.filter((d) => d.file === file && !expected.some((e) => e.line === d.line));
    assert.deepEqual(unexpected, [], `${file}: only the expected errors`);
  }
  // Nothing else failed: no error outside the fixtures (in the code they import, say).
  const elsewhere = diagnostics.filter((d) => d.file !== 'valid-tables.ts' && !fixtures.includes(d.file));
  assert.deepEqual(elsewhere, [], output);
  assert.ok(diagnostics.length > 0 && output.split('\n').every((l) => l === '' || /^\s/.test(l) || /: error TS\d+: /.test(l)), output);
});
