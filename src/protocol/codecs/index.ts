// Codecs by protocol, loaded on first use (the XML and CBOR libraries cost startup time).
import type { ProtocolName } from '../../models/types.js';
import type { Codec } from '../codec.js';

const loaders: Record<ProtocolName, () => Promise<Codec>> = {
  awsJson1_0: async () => (await import('./aws-json.js')).awsJson1_0,
  awsJson1_1: async () => (await import('./aws-json.js')).awsJson1_1,
  restJson1: async () => (await import('./rest-json.js')).restJson1,
  rpcv2Cbor: async () => (await import('./rpcv2-cbor.js')).rpcv2Cbor,
  awsQuery: async () => (await import('./aws-query.js')).awsQuery,
  ec2Query: async () => (await import('./ec2-query.js')).ec2Query,
  restXml: async () => (await import('./rest-xml.js')).restXml,
};

const loaded = new Map<ProtocolName, Codec>();

/** The codec, synchronously when already loaded (the hot path), else a promise of it. */
export function codecFor(protocol: ProtocolName): Codec | Promise<Codec> {
  return (
    loaded.get(protocol) ??
    loaders[protocol]().then((c) => {
      loaded.set(protocol, c);
      return c;
    })
  );
}
