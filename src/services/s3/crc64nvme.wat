;; CRC64NVME (reflected polynomial 0x9a6c9329ac4bc9b5), slicing-by-8, for crc64nvme.ts.
;; Compiled by `npm run wasm` (scripts/compile-wasm.ts, wabt) into crc64nvme-wasm.ts; a test checks
;; that the committed bytes are this file compiled.
;;
;; Memory layout (the caller fills the tables and copies data in):
;;   0 .. 16383      tables T0..T7, 256 little-endian u64 each; T_k at k * 2048. T_k[b] is b's CRC
;;                   shifted through k further zero bytes.
;;   16384 ..        the data window
;;
;; update(ptr, len, crc) -> crc: the running (pre-inverted) state after `len` bytes at `ptr`.
;; Eight bytes a step: the state meets them as one 64-bit word and every byte of the result goes
;; through its own table, so each step is eight independent loads instead of eight dependent ones.
(module
  (memory (export "memory") 1)
  (func (export "update") (param $p i32) (param $n i32) (param $crc i64) (result i64)
    (local $x i64) (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.and (local.get $n) (i32.const -8))))
    (block $words_done
      (loop $word
        (br_if $words_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (i64.xor (local.get $crc) (i64.load (local.get $p))))
        (local.set $crc
          (i64.xor
            (i64.xor
              (i64.xor
                (i64.load offset=14336 (i32.shl (i32.and (i32.wrap_i64 (local.get $x)) (i32.const 255)) (i32.const 3)))
                (i64.load offset=12288 (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 8))) (i32.const 255)) (i32.const 3))))
              (i64.xor
                (i64.load offset=10240 (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 16))) (i32.const 255)) (i32.const 3)))
                (i64.load offset=8192 (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 24))) (i32.const 255)) (i32.const 3)))))
            (i64.xor
              (i64.xor
                (i64.load offset=6144 (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))) (i32.const 255)) (i32.const 3)))
                (i64.load offset=4096 (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 40))) (i32.const 255)) (i32.const 3))))
              (i64.xor
                (i64.load offset=2048 (i32.shl (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 48))) (i32.const 255)) (i32.const 3)))
                (i64.load (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 56))) (i32.const 3)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $word)))
    ;; The last len mod 8 bytes, one at a time through T0.
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $n) (i32.const 7))))
    (block $bytes_done
      (loop $byte
        (br_if $bytes_done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $crc
          (i64.xor
            (i64.load (i32.shl (i32.and (i32.xor (i32.wrap_i64 (local.get $crc)) (i32.load8_u (local.get $p))) (i32.const 255)) (i32.const 3)))
            (i64.shr_u (local.get $crc) (i64.const 8))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $byte)))
    (local.get $crc)))
