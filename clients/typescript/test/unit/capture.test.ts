import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { captureJson, toJsonSafe } from '../../src/index';
import { utf8Length } from '../../src/tracing/capture';
import { startCollector, type Collector } from '../helpers/collector';
import { byName, testObs } from '../helpers/util';

let collector: Collector;
before(async () => {
  collector = await startCollector();
});
after(async () => {
  await collector.close();
});

describe('JSON-safe capture', () => {
  it('handles cycles, BigInt, Error, Buffer, typed arrays, Map, Set, Date, functions, symbols and non-finite numbers', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const shared = { v: 1 };
    const err = Object.assign(new Error('boom', { cause: new Error('root cause') }), { code: 'E_BOOM' });
    const safe = toJsonSafe({
      cyclic,
      twice: [shared, shared],
      big: 12345678901234567890n,
      err,
      buf: Buffer.from('hello'),
      bytes: new Uint8Array(3),
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, 'two'],
      ]),
      set: new Set([1, 'x']),
      when: new Date('2024-05-01T10:00:00Z'),
      fn: function greet() {},
      sym: Symbol('s'),
      nan: NaN,
      inf: -Infinity,
      undef: undefined,
      arr: [undefined, () => 1],
    }) as Record<string, any>;

    assert.deepEqual(safe.cyclic, { name: 'loop', self: '[Circular]' });
    assert.deepEqual(safe.twice, [{ v: 1 }, { v: 1 }], 'a repeated (non-cyclic) reference is not a cycle');
    assert.equal(safe.big, '12345678901234567890');
    assert.equal(safe.err.name, 'Error');
    assert.equal(safe.err.message, 'boom');
    assert.equal(safe.err.code, 'E_BOOM');
    assert.equal(safe.err.cause.message, 'root cause');
    assert.match(safe.err.stack, /boom/);
    assert.equal(safe.buf, '[Buffer 5 bytes]');
    assert.equal(safe.bytes, '[Uint8Array 3 bytes]');
    assert.deepEqual(safe.map, { a: 1, '2': 'two' });
    assert.deepEqual(safe.set, [1, 'x']);
    assert.equal(safe.when, '2024-05-01T10:00:00.000Z');
    assert.equal(safe.fn, '[Function greet]');
    assert.equal(safe.sym, 'Symbol(s)');
    assert.equal(safe.nan, 'NaN');
    assert.equal(safe.inf, '-Infinity');
    assert.equal('undef' in safe, false);
    assert.deepEqual(safe.arr, [null, '[Function anonymous]']);
    // and the result really is JSON
    assert.doesNotThrow(() => JSON.stringify(safe));
  });

  it('survives throwing getters and toJSON', () => {
    const nasty = {
      get boom(): string {
        throw new Error('getter exploded');
      },
      inner: {
        toJSON: () => {
          throw new Error('toJSON exploded');
        },
      },
    };
    assert.deepEqual(toJsonSafe(nasty), { boom: '[Thrown: getter exploded]', inner: '[Thrown: toJSON exploded]' });
  });

  it('truncates past maxBytes into a marked string, within the byte budget', () => {
    const long = 'é'.repeat(5000); // 2 bytes each in UTF-8
    const json = captureJson(long, 1000)!;
    assert.ok(utf8Length(json) <= 1000, `${utf8Length(json)} bytes`);
    const value = JSON.parse(json) as string;
    assert.ok(value.startsWith('éééé'));
    assert.match(value, /…\[truncated 10002 bytes\]$/);

    const obj = { messages: Array.from({ length: 200 }, (_, i) => ({ role: 'user', content: `message "${i}"` })) };
    const objJson = captureJson(obj, 512)!;
    assert.ok(utf8Length(objJson) <= 512);
    const truncated = JSON.parse(objJson) as string;
    assert.equal(typeof truncated, 'string');
    assert.ok(truncated.startsWith('{"messages":[{"role":"user","content":"message \\"0\\""}'));
    assert.match(truncated, /…\[truncated \d+ bytes\]$/);

    const small = { ok: true };
    assert.equal(captureJson(small, 512), '{"ok":true}', 'small values are kept as they are');
    assert.equal(captureJson(undefined, 512), undefined);
  });

  it('never splits a surrogate pair when truncating', () => {
    const emoji = '😀'.repeat(100);
    for (const max of [64, 65, 66, 67, 101]) {
      const value = JSON.parse(captureJson(emoji, max)!) as string;
      assert.equal(value.replace(/…\[truncated \d+ bytes\]$/, '').replace(/😀/g, ''), '', `max ${max}`);
      assert.ok(utf8Length(JSON.stringify(value)) <= max);
    }
  });

  it("masks a JSON-safe copy before truncating, without touching the caller's object", async () => {
    const seen: unknown[] = [];
    const { obs } = testObs({
      baseUrl: collector.url,
      maxFieldSize: 200,
      mask: (value) => {
        seen.push(value);
        const text = JSON.stringify(value);
        return JSON.parse(text.replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, '[email]').replace(/sk-[A-Za-z0-9]+/g, '[key]'));
      },
    });
    const input = { user: 'ada@example.com', apiKey: 'sk-abcdef123456', padding: 'x'.repeat(500) };
    const out = obs.span('masked', { kind: 'tool', input }, () => ({ reply: 'mail bob@example.org', big: 10n }));
    assert.equal(input.user, 'ada@example.com', "the caller's object is unchanged");
    assert.equal(out.big, 10n);
    obs.span('mask-throws-safe', { input: 'fine' }, () => undefined);

    const { obs: throwing } = testObs({
      baseUrl: collector.url,
      mask: () => {
        throw new Error('mask bug');
      },
    });
    throwing.span('mask-throws', { input: 'secret@example.com' }, () => 'secret output');

    await obs.flush({ timeoutMs: 2000 });
    await throwing.flush({ timeoutMs: 2000 });
    const masked = byName(collector.accepted, 'masked');
    const inputText = masked.input as string;
    assert.equal(typeof inputText, 'string', 'truncated to a string');
    assert.ok(inputText.startsWith('{"user":"[email]","apiKey":"[key]"'), inputText.slice(0, 60));
    assert.ok(!inputText.includes('ada@example.com'));
    assert.deepEqual(masked.output, { reply: 'mail [email]', big: '10' });
    assert.ok(
      seen.every((v) => typeof v !== 'bigint' && JSON.stringify(v) !== undefined),
      'the mask sees JSON-safe values',
    );
    const failed = byName(collector.accepted, 'mask-throws');
    assert.equal(failed.input, '[mask failed]', 'a failing mask never leaks the raw value');
    assert.equal(failed.output, '[mask failed]');
    await obs.shutdown();
    await throwing.shutdown();
  });

  it('attributes, model and usage reach the wire; bad values are ignored', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    obs.span('attrs', { kind: 'llm', attributes: { a: 1 }, model: 'm-1' }, (span) => {
      span.setAttribute('b', { nested: [1, 2] }).setAttributes({ c: 'x', n: 5n });
      span.setUsage({ inputTokens: 3, outputTokens: 4, totalTokens: 9 });
      span.setCost(-1); // ignored: not a cost
      span.setStatus('bogus' as never); // ignored
    });
    await obs.flush({ timeoutMs: 2000 });
    const span = byName(collector.accepted, 'attrs');
    assert.deepEqual(span.attributes, { a: 1, b: { nested: [1, 2] }, c: 'x', n: '5' });
    assert.equal(span.model, 'm-1');
    assert.deepEqual(span.usage, { inputTokens: 3, outputTokens: 4, totalTokens: 9 });
    assert.equal(span.costUsd, undefined);
    assert.equal(span.status, 'ok');
    await obs.shutdown();
  });
});

describe('capture parity', () => {
  it('is byte for byte the Python SDK’s (clients/testdata/capture.json): maxFieldSize in UTF-8 bytes, same cut, same marker', () => {
    const vector = JSON.parse(readFileSync(new URL('../../../testdata/capture.json', import.meta.url), 'utf8')) as {
      cases: { value: unknown; maxFieldSize: number; expected: string }[];
    };
    assert.ok(vector.cases.length > 90);
    assert.deepEqual(
      vector.cases.filter((c) => captureJson(c.value, c.maxFieldSize) !== c.expected),
      [],
    );
    for (const c of vector.cases) assert.ok(utf8Length(c.expected) <= c.maxFieldSize);
  });

  it('large values (item and container limits) are captured as in Python', () => {
    const { generated } = JSON.parse(readFileSync(new URL('../../../testdata/capture.json', import.meta.url), 'utf8')) as {
      generated: { make: string; n: number; m?: number; maxFieldSize: number; expectedSha256: string; expectedTail: string }[];
    };
    assert.equal(generated.length, 4);
    for (const r of generated) {
      const value =
        r.make === 'ints'
          ? Array.from({ length: r.n }, (_, i) => i)
          : r.make === 'wideObject'
            ? Object.fromEntries(Array.from({ length: r.n }, (_, i) => [`k${i}`, i]))
            : Array.from({ length: r.n }, () => Array.from({ length: r.m! }, () => ({})));
      const text = captureJson(value, r.maxFieldSize)!;
      assert.equal(text.slice(-60), r.expectedTail, r.make);
      assert.equal(createHash('sha256').update(text).digest('hex'), r.expectedSha256, r.make);
    }
  });
});
