;; The JSON nesting-depth check of src/common/http/json-body.ts, in WebAssembly (SIMD): scripts/build-wasm.mjs compiles it
;; into json-depth.wasm.ts (committed; a unit test fails when the two differ). About 6× faster than the same loop in
;; JavaScript, which could not stay under the 0.3 µs per KB of body this check may cost on the ingest path.
(module
  (memory (export "memory") 1)
  ;; exceeds(len, max): 1 when the JSON text in memory[0, len) nests arrays and objects deeper than max (brackets inside
  ;; strings do not count), else 0. The 32 bytes after the text must be zero (they are read, and change nothing).
  ;; 32 bytes per step: SIMD compares give bit masks of quotes, backslashes, openers ([ {) and closers (] }); the bytes
  ;; inside strings are the prefix XOR of the quote mask. A step holding a backslash (or starting escaped) goes byte by byte.
  (func (export "exceeds") (param $len i32) (param $max i32) (result i32)
    (local $p i32) (local $depth i32) (local $instr i32) (local $esc i32)
    (local $lo v128) (local $hi v128) (local $lo20 v128) (local $hi20 v128)
    (local $q i32) (local $bs i32) (local $o i32) (local $c i32) (local $in i32)
    (local $i i32) (local $n i32) (local $b i32) (local $bits i32) (local $bit i32)
    (block $done
      (loop $steps
        (br_if $done (i32.ge_u (local.get $p) (local.get $len)))
        (local.set $lo (v128.load (local.get $p)))
        (local.set $hi (v128.load offset=16 (local.get $p)))
        (local.set $q (i32.or
          (i8x16.bitmask (i8x16.eq (local.get $lo) (v128.const i8x16 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22)))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $hi) (v128.const i8x16 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22))) (i32.const 16))))
        (local.set $bs (i32.or
          (i8x16.bitmask (i8x16.eq (local.get $lo) (v128.const i8x16 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c)))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $hi) (v128.const i8x16 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c))) (i32.const 16))))
        (block $step
          (if (i32.or (local.get $bs) (local.get $esc))
            (then
              (local.set $i (local.get $p))
              (local.set $n (i32.add (local.get $p) (i32.const 32)))
              (loop $bytes
                (block $next
                  (if (local.get $esc) (then (local.set $esc (i32.const 0)) (br $next)))
                  (local.set $b (i32.load8_u (local.get $i)))
                  (if (local.get $instr)
                    (then
                      (if (i32.eq (local.get $b) (i32.const 0x5c)) (then (local.set $esc (i32.const 1)) (br $next)))
                      (if (i32.eq (local.get $b) (i32.const 0x22)) (then (local.set $instr (i32.const 0))))
                      (br $next)))
                  (if (i32.eq (local.get $b) (i32.const 0x22)) (then (local.set $instr (i32.const 1)) (br $next)))
                  (local.set $b (i32.or (local.get $b) (i32.const 0x20)))
                  (if (i32.eq (local.get $b) (i32.const 0x7b))
                    (then
                      (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
                      (if (i32.gt_s (local.get $depth) (local.get $max)) (then (return (i32.const 1))))
                      (br $next)))
                  (if (i32.eq (local.get $b) (i32.const 0x7d))
                    (then (local.set $depth (i32.sub (local.get $depth) (i32.const 1))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $bytes (i32.lt_u (local.get $i) (local.get $n))))
              (br $step)))
          ;; inside a string with no quote ahead in this step: nothing to count
          (br_if $step (i32.and (local.get $instr) (i32.eqz (local.get $q))))
          (local.set $lo20 (v128.or (local.get $lo) (v128.const i8x16 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20)))
          (local.set $hi20 (v128.or (local.get $hi) (v128.const i8x16 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20)))
          (local.set $o (i32.or
            (i8x16.bitmask (i8x16.eq (local.get $lo20) (v128.const i8x16 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b)))
            (i32.shl (i8x16.bitmask (i8x16.eq (local.get $hi20) (v128.const i8x16 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b))) (i32.const 16))))
          (local.set $c (i32.or
            (i8x16.bitmask (i8x16.eq (local.get $lo20) (v128.const i8x16 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d)))
            (i32.shl (i8x16.bitmask (i8x16.eq (local.get $hi20) (v128.const i8x16 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d))) (i32.const 16))))
          ;; bytes inside strings: prefix XOR of the quotes, flipped when the step starts inside a string
          (local.set $in (local.get $q))
          (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 1))))
          (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 2))))
          (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 4))))
          (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 8))))
          (local.set $in (i32.xor (local.get $in) (i32.shl (local.get $in) (i32.const 16))))
          (local.set $in (i32.xor (local.get $in) (i32.sub (i32.const 0) (local.get $instr))))
          (local.set $instr (i32.shr_u (local.get $in) (i32.const 31)))
          (local.set $o (i32.and (local.get $o) (i32.xor (local.get $in) (i32.const -1))))
          (local.set $c (i32.and (local.get $c) (i32.xor (local.get $in) (i32.const -1))))
          (if (i32.le_s (i32.add (local.get $depth) (i32.popcnt (local.get $o))) (local.get $max))
            (then
              (local.set $depth (i32.sub (i32.add (local.get $depth) (i32.popcnt (local.get $o))) (i32.popcnt (local.get $c))))
              (br $step)))
          ;; near the limit: openers and closers in order
          (local.set $bits (i32.or (local.get $o) (local.get $c)))
          (loop $each
            (local.set $bit (i32.and (local.get $bits) (i32.sub (i32.const 0) (local.get $bits))))
            (if (i32.and (local.get $o) (local.get $bit))
              (then
                (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
                (if (i32.gt_s (local.get $depth) (local.get $max)) (then (return (i32.const 1)))))
              (else (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))))
            (local.set $bits (i32.xor (local.get $bits) (local.get $bit)))
            (br_if $each (local.get $bits))))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $steps)))
    (i32.const 0)))
