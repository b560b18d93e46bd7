;; The string scan of src/modules/ingestion/ingest-body.ts, in WebAssembly (SIMD): scripts/build-wasm.mjs compiles it
;; into string-stop.wasm.ts (committed; a unit test fails when the two differ).
(module
  (memory (export "memory") 1)
  ;; stop(p): the first index >= p of a byte that ends a run of plain JSON string bytes — a quote, a backslash or a
  ;; control character (< 0x20). The caller puts a quote right after the text and 16 more readable bytes after that,
  ;; so the scan always ends there. 16 bytes per step: three SIMD compares, one bit mask, count trailing zeros.
  (func (export "stop") (param $p i32) (result i32)
    (local $v v128) (local $bits i32)
    (loop $steps
      (local.set $v (v128.load (local.get $p)))
      (local.set $bits (i8x16.bitmask (v128.or
        (v128.or
          (i8x16.eq (local.get $v) (v128.const i8x16 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22))
          (i8x16.eq (local.get $v) (v128.const i8x16 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c)))
        (i8x16.lt_u (local.get $v) (v128.const i8x16 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20)))))
      (if (local.get $bits) (then (return (i32.add (local.get $p) (i32.ctz (local.get $bits))))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $steps))
    (unreachable))
  ;; ascii(p): like stop(p), and a byte >= 0x80 stops too (a signed compare with 0x20 takes both): the caller knows
  ;; that a string ending at a quote found this way is ASCII (decoded as Latin-1, no UTF-8 decoding).
  (func (export "ascii") (param $p i32) (result i32)
    (local $v v128) (local $bits i32)
    (loop $steps
      (local.set $v (v128.load (local.get $p)))
      (local.set $bits (i8x16.bitmask (v128.or
        (v128.or
          (i8x16.eq (local.get $v) (v128.const i8x16 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22))
          (i8x16.eq (local.get $v) (v128.const i8x16 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c)))
        (i8x16.lt_s (local.get $v) (v128.const i8x16 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20)))))
      (if (local.get $bits) (then (return (i32.add (local.get $p) (i32.ctz (local.get $bits))))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $steps))
    (unreachable)))
