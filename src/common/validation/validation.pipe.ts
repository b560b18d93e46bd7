import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../errors/domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([kind, message]) => ({
      field,
      message: kind === 'whitelistValidation' ? `${field} is not a known field` : message.replace(new RegExp(`^${e.property}\\b`), field),
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
      const list = flatten(errors);
      const detail = list.length ? list.map((e) => e.message).slice(0, 5).join('; ') : 'The request is invalid';
      return new DomainError('validation_failed', detail, { errors: list.length ? list : [{ field: 'body', message: 'must be a JSON object' }] });
    },
  });
