import { ArgumentMetadata, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { DomainError, FieldError } from '../errors/domain-error';

// Field names come from the request (unknown keys are echoed back): bounded as ProblemDto documents them.
const MAX_FIELD = 200;
const MAX_MESSAGE = 500;
const MAX_ERRORS = 50;
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([kind, message]) => ({
      field: clip(field, MAX_FIELD),
      message: clip(
        kind === 'whitelistValidation'
          ? `${clip(field, MAX_FIELD)} is not a known field`
          : message.startsWith(e.property)
            ? field + message.slice(e.property.length)
            : message,
        MAX_MESSAGE,
      ),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

// U+0000 (Postgres text cannot hold it) or a UTF-16 surrogate without its partner (not encodable as UTF-8; jsonb refuses its
// escape): in a name, identifier or setting these are a client error, never stored (span payloads are another matter:
// ingestion replaces them with U+FFFD, and its body is not a DTO).
const BAD_TEXT_SOURCE = '\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const BAD_TEXT = new RegExp(BAD_TEXT_SOURCE);
const BAD_TEXT_ALL = new RegExp(BAD_TEXT_SOURCE, 'g');
export const BAD_TEXT_MESSAGE = 'must not contain U+0000 or an unpaired UTF-16 surrogate';

export const hasBadText = (s: string) => BAD_TEXT.test(s);

/** The path (`settings.name`, `config.events.0`) of the first string or key of a request value holding such a character. */
export function findBadText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return hasBadText(value) ? path || 'body' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (hasBadText(key)) return clip(field.replace(BAD_TEXT_ALL, '\uFFFD'), MAX_FIELD);
    const found = findBadText(item, field);
    if (found) return found;
  }
  return undefined;
}

/** Nest's ValidationPipe plus one step before class-validator: no U+0000 or lone surrogate in any string of a DTO. */
class RequestValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && this.toValidate(metadata)) {
      const field = findBadText(value);
      if (field) {
        const where = clip(field, MAX_FIELD);
        throw new DomainError('validation_failed', `${where}: ${BAD_TEXT_MESSAGE}`, {
          errors: [{ field: where, message: BAD_TEXT_MESSAGE }],
        });
      }
    }
    return super.transform(value, metadata);
  }
}

/**
 * Request DTO validation: unknown fields rejected (no mass assignment), no U+0000 or unpaired surrogate in any string
 * (400 naming the field), errors as `errors[{field,message}]`.
 */
export const validationPipe = () =>
  new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flatten(errors).slice(0, MAX_ERRORS);
      const detail = list.length
        ? list
            .map((e) => e.message)
            .slice(0, 5)
            .join('; ')
        : 'The request is invalid';
      return new DomainError('validation_failed', detail, {
        errors: list.length ? list : [{ field: 'body', message: 'must be a JSON object' }],
      });
    },
  });
