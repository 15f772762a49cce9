// credentialScope keeps parsed SigV4 scopes by their Credential string: requests that differ in
// key, region or service (or sign with SigV4a) must still each get their own scope.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialScope } from '../../src/protocol/credentials.js';
import type { HttpRequest } from '../../src/protocol/http.js';

function signed(authorization: string): HttpRequest {
  return { method: 'POST', path: '/', rawQuery: '', headers: { authorization }, body: Buffer.alloc(0) };
}

const v4 = (credential: string) => `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${'ab'.repeat(32)}`;

test('credential scopes: each Credential gets its own scope, also when asked again', () => {
  for (let round = 0; round < 2; round++) {
    assert.deepEqual(credentialScope(signed(v4('AKIDA/20261127/us-east-1/ssm/aws4_request'))), {
      accessKeyId: 'AKIDA', region: 'us-east-1', signingName: 'ssm', signatureVersion: 'v4', presigned: false,
    });
    assert.deepEqual(credentialScope(signed(v4('AKIDA/20261127/eu-west-1/ssm/aws4_request'))), {
      accessKeyId: 'AKIDA', region: 'eu-west-1', signingName: 'ssm', signatureVersion: 'v4', presigned: false,
    });
    assert.deepEqual(credentialScope(signed(v4('AKIDB/20261127/us-east-1/dynamodb/aws4_request'))), {
      accessKeyId: 'AKIDB', region: 'us-east-1', signingName: 'dynamodb', signatureVersion: 'v4', presigned: false,
    });
    assert.deepEqual(credentialScope(signed(`AWS4-ECDSA-P256-SHA256 Credential=AKIDA/20261127/s3/aws4_request, SignedHeaders=host, Signature=00`)), {
      accessKeyId: 'AKIDA', signingName: 's3', signatureVersion: 'v4a', presigned: false,
    });
  }
});

test('credential scopes: a kept scope cannot be changed by one request for the next', () => {
  const scope = credentialScope(signed(v4('AKIDC/20261127/us-west-2/sqs/aws4_request')))!;
  assert.throws(() => {
    (scope as { region?: string }).region = 'eu-central-1';
  }, TypeError);
  assert.equal(credentialScope(signed(v4('AKIDC/20261127/us-west-2/sqs/aws4_request')))!.region, 'us-west-2');
});
