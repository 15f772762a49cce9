// Presigned URLs as boto3 makes them (SigV2 and SigV4 query signatures) reach S3 unsigned-by-header.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { useNimbus } from '../support/nimbus.js';
import { pythonJson } from '../support/python.js';

const t = useNimbus();

test('boto3 presigned URLs, SigV2 and SigV4, answer like signed requests', async () => {
  const s3 = new S3Client({ ...t.config({ region: 'eu-west-1', accessKeyId: '333344445555' }), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'presigned-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  const urls = await pythonJson<Record<string, string>>(
    `import boto3, json
from botocore.config import Config
out = {}
for version in ['s3', 's3v4']:
    c = boto3.client('s3', region_name='eu-west-1', config=Config(signature_version=version, s3={'addressing_style': 'path'}))
    out[version] = c.generate_presigned_url('list_buckets', ExpiresIn=300)
    out[version + '-head'] = c.generate_presigned_url('head_bucket', Params={'Bucket': 'presigned-bucket'}, ExpiresIn=300)
print(json.dumps(out))`,
    t.env({ accessKeyId: '333344445555', region: 'eu-west-1' }),
  );
  assert.match(urls.s3!, /AWSAccessKeyId=333344445555/);
  assert.match(urls.s3v4!, /X-Amz-Credential=333344445555%2F\d{8}%2Feu-west-1%2Fs3%2Faws4_request/);
  for (const version of ['s3', 's3v4']) {
    const list = await fetch(urls[version]!);
    assert.equal(list.status, 200, version);
    const xml = await list.text();
    // The access key in the URL is the account: this account's bucket is listed.
    assert.match(xml, /<Name>presigned-bucket<\/Name>/, version);
    const head = await fetch(urls[`${version}-head`]!, { method: 'HEAD' });
    assert.equal(head.status, 200, version);
    assert.equal(head.headers.get('x-amz-bucket-region'), 'eu-west-1');
  }
});
