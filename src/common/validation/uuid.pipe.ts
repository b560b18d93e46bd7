import { PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { notFound } from '../errors/domain-error';

/** Path ids that are not UUIDs cannot name anything: 404, like an id that does not exist. */
export const uuidPipe: PipeTransform<string, string> = {
  transform(value: string) {
    if (!isUUID(value)) throw notFound();
    return value;
  },
};
