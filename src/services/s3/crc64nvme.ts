// CRC64NVME (reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones), slicing-by-16:
// S3 computes it for every object uploaded without a checksum, so it runs on every PUT. The SDK's
// implementation (@aws-sdk/checksums Crc64NvmeJs) slices by 8; 16 bytes a step with the 64-bit
// state as two 32-bit halves measured about twice as fast in-process (8 MiB: ~29 ms against ~60 ms).
const POLY = 0x9a6c9329ac4bc9b5n;
const SLICES = 16;

/** Table k maps a byte to its CRC shifted through k further zero bytes; high and low halves. */
const HI = new Uint32Array(SLICES * 256);
const LO = new Uint32Array(SLICES * 256);
{
  const base: bigint[] = [];
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let j = 0; j < 8; j++) c = c & 1n ? (c >> 1n) ^ POLY : c >> 1n;
    base.push(c);
  }
  for (let i = 0; i < 256; i++) {
    let c = base[i]!;
    for (let k = 0; k < SLICES; k++) {
      HI[k * 256 + i] = Number(c >> 32n);
      LO[k * 256 + i] = Number(c & 0xffffffffn);
      c = base[Number(c & 255n)]! ^ (c >> 8n);
    }
  }
}

export class Crc64Nvme {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(d: Uint8Array): void {
    let hi = this.hi;
    let lo = this.lo;
    let i = 0;
    const n = d.length;
    while (i + 16 <= n) {
      // The state's eight bytes (low half first) meet the first eight data bytes; the next eight
      // go through the tables alone.
      const a0 = (lo ^ d[i]!) & 255;
      const a1 = ((lo >>> 8) ^ d[i + 1]!) & 255;
      const a2 = ((lo >>> 16) ^ d[i + 2]!) & 255;
      const a3 = ((lo >>> 24) ^ d[i + 3]!) & 255;
      const a4 = (hi ^ d[i + 4]!) & 255;
      const a5 = ((hi >>> 8) ^ d[i + 5]!) & 255;
      const a6 = ((hi >>> 16) ^ d[i + 6]!) & 255;
      const a7 = ((hi >>> 24) ^ d[i + 7]!) & 255;
      const b8 = d[i + 8]!, b9 = d[i + 9]!, b10 = d[i + 10]!, b11 = d[i + 11]!;
      const b12 = d[i + 12]!, b13 = d[i + 13]!, b14 = d[i + 14]!, b15 = d[i + 15]!;
      hi =
        HI[3840 + a0]! ^ HI[3584 + a1]! ^ HI[3328 + a2]! ^ HI[3072 + a3]! ^ HI[2816 + a4]! ^ HI[2560 + a5]! ^ HI[2304 + a6]! ^ HI[2048 + a7]! ^
        HI[1792 + b8]! ^ HI[1536 + b9]! ^ HI[1280 + b10]! ^ HI[1024 + b11]! ^ HI[768 + b12]! ^ HI[512 + b13]! ^ HI[256 + b14]! ^ HI[b15]!;
      lo =
        LO[3840 + a0]! ^ LO[3584 + a1]! ^ LO[3328 + a2]! ^ LO[3072 + a3]! ^ LO[2816 + a4]! ^ LO[2560 + a5]! ^ LO[2304 + a6]! ^ LO[2048 + a7]! ^
        LO[1792 + b8]! ^ LO[1536 + b9]! ^ LO[1280 + b10]! ^ LO[1024 + b11]! ^ LO[768 + b12]! ^ LO[512 + b13]! ^ LO[256 + b14]! ^ LO[b15]!;
      i += 16;
    }
    while (i < n) {
      const x = (lo ^ d[i++]!) & 255;
      lo = ((lo >>> 8) | (hi << 24)) ^ LO[x]!;
      hi = (hi >>> 8) ^ HI[x]!;
    }
    this.hi = hi;
    this.lo = lo;
  }

  /** The 8-byte big-endian CRC. */
  digest(): Buffer {
    const b = Buffer.alloc(8);
    b.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    b.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return b;
  }
}
