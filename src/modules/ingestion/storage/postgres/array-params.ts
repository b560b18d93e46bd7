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
  const n = rows.length;
  const w = new BinaryArrays(n * columns.length * 16);
  return columns.map(({ type, value }) => {
    // one loop per type, the encoder called directly (hot: every ingest batch's summaries)
    switch (type) {
      case 'numeric': {
        let literal = '{';
        for (let i = 0; i < n; i++) {
          const v = value(rows[i]) as string | null;
          literal += (i ? ',' : '') + (v === null ? 'NULL' : v);
        }
        return literal + '}';
      }
      case 'text[]':
        w.begin(PG_TYPE.text, n);
        for (let i = 0; i < n; i++) w.text(textArrayLiteral(value(rows[i]) as string[]));
        return w.end();
      case 'uuid':
        w.begin(PG_TYPE.uuid, n);
        for (let i = 0; i < n; i++) w.uuid(value(rows[i]) as string);
        return w.end();
      case 'text':
        w.begin(PG_TYPE.text, n);
        for (let i = 0; i < n; i++) w.text(value(rows[i]) as string | null);
        return w.end();
      case 'timestamptz':
        w.begin(PG_TYPE.timestamptz, n);
        for (let i = 0; i < n; i++) w.timestamp(value(rows[i]) as number | null);
        return w.end();
      case 'int4':
        w.begin(PG_TYPE.int4, n);
        for (let i = 0; i < n; i++) w.int4(value(rows[i]) as number | null);
        return w.end();
      case 'int8':
        w.begin(PG_TYPE.int8, n);
        for (let i = 0; i < n; i++) w.int8(value(rows[i]) as number | null);
        return w.end();
      case 'bool':
        w.begin(PG_TYPE.bool, n);
        for (let i = 0; i < n; i++) w.bool(value(rows[i]) as boolean | null);
        return w.end();
    }
  });
}

/** A text[] literal of `values`, every element quoted (backslash before `"` and `\`). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
