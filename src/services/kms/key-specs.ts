// What each KMS key spec is: the usages it allows, its algorithms, and how its material is made.
// A table, so CreateKey, DescribeKey, GetPublicKey and every cryptographic operation read the
// same facts (AWS KMS Developer Guide, "Key spec reference").
import { generateKeyPairSync, randomBytes } from 'node:crypto';

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';

export interface KeySpecInfo {
  usages: readonly KeyUsage[];
  encryptionAlgorithms?: readonly string[];
  signingAlgorithms?: readonly string[];
  macAlgorithms?: readonly string[];
  /** Makes the key material: an AES/HMAC secret or a PKCS#8 DER private key. */
  generate(): Buffer;
  /** RSA modulus bytes / node's EC curve name, for the asymmetric specs. */
  rsaBytes?: number;
  curve?: string;
}

const RSA_SIGNING = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
];

function rsa(bits: number): KeySpecInfo {
  return {
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
    encryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    signingAlgorithms: RSA_SIGNING,
    rsaBytes: bits / 8,
    generate: () => generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 0x10001 }).privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

function ecc(curve: string, algorithm: string): KeySpecInfo {
  return {
    usages: ['SIGN_VERIFY'],
    signingAlgorithms: [algorithm],
    curve,
    generate: () => generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

function hmac(bits: number): KeySpecInfo {
  return { usages: ['GENERATE_VERIFY_MAC'], macAlgorithms: [`HMAC_SHA_${bits}`], generate: () => randomBytes(bits / 8) };
}

export const KEY_SPECS: Readonly<Record<string, KeySpecInfo>> = Object.assign(Object.create(null), {
  SYMMETRIC_DEFAULT: { usages: ['ENCRYPT_DECRYPT'], encryptionAlgorithms: ['SYMMETRIC_DEFAULT'], generate: () => randomBytes(32) },
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  ECC_NIST_P256: ecc('prime256v1', 'ECDSA_SHA_256'),
  ECC_NIST_P384: ecc('secp384r1', 'ECDSA_SHA_384'),
  ECC_NIST_P521: ecc('secp521r1', 'ECDSA_SHA_512'),
  ECC_SECG_P256K1: ecc('secp256k1', 'ECDSA_SHA_256'),
  HMAC_224: hmac(224),
  HMAC_256: hmac(256),
  HMAC_384: hmac(384),
  HMAC_512: hmac(512),
} satisfies Record<string, KeySpecInfo>);

/** Signing algorithm -> digest and padding (ECDSA: digest only). */
export const SIGNING_ALGORITHMS: Readonly<Record<string, { hash: string; digestBytes: number; padding?: 'pss' | 'pkcs1' }>> = Object.assign(
  Object.create(null),
  {
    RSASSA_PSS_SHA_256: { hash: 'sha256', digestBytes: 32, padding: 'pss' },
    RSASSA_PSS_SHA_384: { hash: 'sha384', digestBytes: 48, padding: 'pss' },
    RSASSA_PSS_SHA_512: { hash: 'sha512', digestBytes: 64, padding: 'pss' },
    RSASSA_PKCS1_V1_5_SHA_256: { hash: 'sha256', digestBytes: 32, padding: 'pkcs1' },
    RSASSA_PKCS1_V1_5_SHA_384: { hash: 'sha384', digestBytes: 48, padding: 'pkcs1' },
    RSASSA_PKCS1_V1_5_SHA_512: { hash: 'sha512', digestBytes: 64, padding: 'pkcs1' },
    ECDSA_SHA_256: { hash: 'sha256', digestBytes: 32 },
    ECDSA_SHA_384: { hash: 'sha384', digestBytes: 48 },
    ECDSA_SHA_512: { hash: 'sha512', digestBytes: 64 },
  },
);

export const MAC_HASHES: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  HMAC_SHA_224: 'sha224',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
});

/** Data key pair specs (GenerateDataKeyPair): the same generators, outside any KMS key. */
export const KEY_PAIR_SPECS: Readonly<Record<string, () => ReturnType<typeof generateKeyPairSync>>> = Object.assign(Object.create(null), {
  RSA_2048: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  RSA_3072: () => generateKeyPairSync('rsa', { modulusLength: 3072 }),
  RSA_4096: () => generateKeyPairSync('rsa', { modulusLength: 4096 }),
  ECC_NIST_P256: () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  ECC_NIST_P384: () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }),
  ECC_NIST_P521: () => generateKeyPairSync('ec', { namedCurve: 'secp521r1' }),
  ECC_SECG_P256K1: () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
});
