import { BinaryArrays, PG_TYPE } from './binary-copy';

/**
 * How a column of rows travels as one array parameter: as a binary array for the element types of PG_TYPE (Postgres
 * reads it without parsing); `numeric` as a numeric[] literal (exact decimals, e.g. costs); `text[]` as a text array
 * whose elements are text[] literals (one list per row, which the statement casts back: `a.models::text[]`).
 */
export type ArrayType = keyof typeof PG_TYPE | 'numeric' | 'text[]';

export interface ArrayColumn<T> {
  /** the column's name in the `unnest` alias (quoted) */
  name: string;
  type: ArrayType;
  value: (row: T) => unknown;
}

/** `unnest($first::uuid[], …) AS alias("name", …)`: rows sent as `arrayParams(rows, columns)` from `$first` on. */
export function unnestSql<T>(columns: readonly ArrayColumn<T>[], first: number, alias: string): string {
  const arrays = columns.map((c, i) => `$${first + i}::${c.type === 'text[]' ? 'text' : c.type}[]`).join(', ');
  return `unnest(${arrays}) AS ${alias}(${columns.map((c) => `"${c.name}"`).join(', ')})`;
}

/** One parameter per column (in `columns`' order) holding that column of `rows`. */
export function arrayParams<T>(rows: readonly T[], columns: readonly ArrayColumn<T>[]): unknown[] {
  const w = new BinaryArrays(rows.length * columns.length * 16);
  return columns.map(({ type, value }) => {
    const values = rows.map(value);
    switch (type) {
      case 'numeric':
        return `{${values.map((v) => (v === null ? 'NULL' : String(v as string))).join(',')}}`;
      case 'text[]':
        return w.array(PG_TYPE.text, values as string[][], (w, v) => w.text(textArrayLiteral(v)));
      case 'uuid':
        return w.array(PG_TYPE.uuid, values as string[], (w, v) => w.uuid(v));
      case 'text':
        return w.array(PG_TYPE.text, values as (string | null)[], (w, v) => w.text(v));
      case 'timestamptz':
        return w.array(PG_TYPE.timestamptz, values as (number | null)[], (w, v) => w.timestamp(v));
      case 'int4':
        return w.array(PG_TYPE.int4, values as (number | null)[], (w, v) => w.int4(v));
      case 'int8':
        return w.array(PG_TYPE.int8, values as (number | null)[], (w, v) => w.int8(v));
      case 'bool':
        return w.array(PG_TYPE.bool, values as (boolean | null)[], (w, v) => w.bool(v));
    }
  });
}

/** A text[] literal of `values`, every element quoted (backslash before `"` and `\`). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
