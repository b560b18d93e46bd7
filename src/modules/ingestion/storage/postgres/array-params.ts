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

/** The encoder of each binary element type (PG_TYPE gives its OID). */
const BINARY: Record<keyof typeof PG_TYPE, (w: BinaryArrays, v: unknown) => unknown> = {
  uuid: (w, v) => w.uuid(v as string),
  text: (w, v) => w.text(v as string | null),
  timestamptz: (w, v) => w.timestamp(v as number | null),
  int4: (w, v) => w.int4(v as number | null),
  int8: (w, v) => w.int8(v as number | null),
  bool: (w, v) => w.bool(v as boolean | null),
};

/** One parameter per column (in `columns`' order) holding that column of `rows`. */
export function arrayParams<T>(rows: readonly T[], columns: readonly ArrayColumn<T>[]): unknown[] {
  const n = rows.length;
  const w = new BinaryArrays(n * columns.length * 16);
  return columns.map(({ type, value }) => {
    if (type === 'numeric') return `{${rows.map((r) => (value(r) as string | null) ?? 'NULL').join(',')}}`;
    const text = type === 'text[]';
    const put = text ? BINARY.text : BINARY[type];
    w.begin(PG_TYPE[text ? 'text' : type], n);
    for (let i = 0; i < n; i++) put(w, text ? textArrayLiteral(value(rows[i]) as string[]) : value(rows[i]));
    return w.end();
  });
}

/** A text[] literal of `values`, every element quoted (backslash before `"` and `\`). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
