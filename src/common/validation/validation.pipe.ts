import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Request DTO validation: unknown fields rejected (no mass assignment), errors as `errors[{field,message}]`. */
export const validationPipe = () =>
  new ValidationPipe({
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
