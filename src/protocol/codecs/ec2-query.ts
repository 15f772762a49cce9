// ec2Query: awsQuery's form with EC2's naming rules, and a different response and error envelope.
//   Requests: member names from ec2QueryName, else the capitalized xmlName / member name; lists are
//   always flattened (`Filter.1.Name`, `Filter.1.Value.1`); clients omit empty lists.
//   Responses: `<OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>..</requestId>
//   ...members...</OpResponse>`: no Result wrapper, members under their xmlName (`regionInfo`),
//   list entries as the list member's xmlName (`<item>` in EC2's model).
//   Errors: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`.
//
// API:
//   ec2Query   the Codec
import type { Codec, DecodeContext, EncodeContext, Input, Output } from '../codec.js';
import { resolveError, type AwsError } from '../errors.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { OperationModel, ServiceModel } from '../../models/types.js';
import { escapeXmlText, writeXmlMembers } from '../xml.js';
import { decodeQueryForm, errorFieldsXml, formOf } from './aws-query.js';

const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

interface Envelope {
  open: string;
  close: string;
}
const envelopes = new WeakMap<OperationModel, Envelope>();

function envelopeOf(model: ServiceModel, op: OperationModel): Envelope {
  let env = envelopes.get(op);
  if (!env) {
    // The SDK model spells the namespace without AWS's trailing slash; clients ignore it either way.
    let ns = model.xmlNamespace ?? EC2_NAMESPACE;
    if (!ns.endsWith('/')) ns += '/';
    ns = escapeXmlText(ns);
    env = { open: `<${op.name}Response xmlns="${ns}"><requestId>`, close: `</${op.name}Response>` };
    envelopes.set(op, env);
  }
  return env;
}

function encode(output: Output | undefined, model: ServiceModel, op: OperationModel, ec: EncodeContext): HttpResponse {
  const env = envelopeOf(model, op);
  let members = '';
  const shape = op.output ? model.shapes[op.output] : undefined;
  if (output && shape?.type === 'structure') members = writeXmlMembers(model, shape, output)[1];
  return {
    status: 200,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': ec.requestId },
    body: env.open + escapeXmlText(ec.requestId) + '</requestId>' + members + env.close,
  };
}

function encodeError(error: AwsError, model: ServiceModel, _op: OperationModel | undefined, ec: EncodeContext): HttpResponse {
  const r = resolveError(error, model);
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>` +
    `<Code>${escapeXmlText(r.queryCode)}</Code>` +
    `<Message>${escapeXmlText(error.message)}</Message>` +
    errorFieldsXml(model, r.shape, error.fields) +
    `</Error></Errors><RequestID>${escapeXmlText(ec.requestId)}</RequestID></Response>`;
  return {
    status: r.queryStatus,
    headers: { ...error.headers, 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': ec.requestId },
    body,
  };
}

export const ec2Query: Codec = {
  protocol: 'ec2Query',
  decode(req: HttpRequest, model: ServiceModel, op: OperationModel, dc: DecodeContext): Input {
    return decodeQueryForm(model, op.input, formOf(req, dc), true, dc.validation);
  },
  encode,
  encodeError,
};
