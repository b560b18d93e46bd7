import { useEffect } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { problemOf } from '../api/client';

/**
 * Maps a 400 problem's `errors: [{ field, message }]` onto the form's fields ("settings.retentionDays"
 * → "retentionDays"), so the server's verdict shows next to the input it is about.
 */
export function useServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fieldMap: Record<string, string> = {},
) {
  useEffect(() => {
    if (!error) return;
    const p = problemOf(error);
    for (const e of p.errors ?? []) {
      const field = fieldMap[e.field] ?? e.field.split('.').pop() ?? e.field;
      setError(field as Path<T>, { type: 'server', message: e.message });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [error, setError]);
}
