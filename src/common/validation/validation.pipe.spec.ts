import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { DomainError } from '../errors/domain-error';
import { findBadText, hasBadText, validationPipe } from './validation.pipe';

class Inner {
  @IsOptional() @IsString() @MaxLength(50) label?: string;
}
class Body {
  @IsString() @MaxLength(50) name: string;
  @IsOptional() @ValidateNested() @Type(() => Inner) settings?: Inner;
}

describe('no U+0000 or unpaired surrogate in request DTOs', () => {
  it('finds NUL and lone surrogates, not valid pairs or other text', () => {
    expect(['a\u0000b', '\ud800', 'x\udc00y', '\ude00\ud83d'].map(hasBadText)).toEqual([true, true, true, true]);
    expect(['plain', 'Kyiv – Київ', '😀 emoji pair', '\uFFFD', ''].map(hasBadText)).toEqual([false, false, false, false, false]);
  });

  it('names the first field holding one: nested objects, arrays and keys', () => {
    expect(findBadText({ name: 'ok', settings: { label: 'a\u0000' } })).toBe('settings.label');
    expect(findBadText({ config: { events: ['ok', '\ud800'] } })).toBe('config.events.1');
    expect(findBadText({ headers: { 'X-\u0000': 'v' } })).toBe('headers.X-\uFFFD');
    expect(findBadText('\u0000')).toBe('body');
    expect(findBadText({ name: 'fine', n: 1, b: true, nil: null, list: [1, 'two'] })).toBeUndefined();
  });

  it('the global pipe answers 400 validation_failed naming the field, before class-validator', async () => {
    const pipe = validationPipe();
    const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Body, data: undefined });
    const err = await run({ name: 'Acme', settings: { label: 'bad\ud800' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({
      status: 400,
      code: 'validation_failed',
      options: { errors: [{ field: 'settings.label', message: 'must not contain U+0000 or an unpaired UTF-16 surrogate' }] },
    });
    await expect(run({ name: 'Acme', settings: { label: 'ok' } })).resolves.toBeInstanceOf(Body);
    // query DTOs too; values that are not DTOs (raw bodies such as ingestion's) are left alone
    await expect(pipe.transform({ name: 'a\u0000' }, { type: 'query', metatype: Body, data: undefined })).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(pipe.transform({ spans: ['\u0000'] }, { type: 'body', metatype: Object, data: undefined })).resolves.toEqual({
      spans: ['\u0000'],
    });
  });
});
