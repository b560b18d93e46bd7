import { registerDecorator, ValidationOptions } from 'class-validator';

/** Accepts what `new Intl.DateTimeFormat('en', { timeZone })` accepts (IANA names and links such as UTC). */
export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || !value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function IsTimeZone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as UTC or Europe/Kyiv`, ...options },
      validator: { validate: isTimeZone },
    });
}
