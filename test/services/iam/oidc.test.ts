// OpenID Connect providers through the SDK v3, and the in-process lookup STS uses for
// AssumeRoleWithWebIdentity.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
} from '@aws-sdk/client-iam';
import type { IamApi } from '../../../src/services/iam/api.js';
import { useNimbus } from '../../support/nimbus.js';

const t = useNimbus();
const ACCOUNT = '121212121212';
const iam = () => new IAMClient(t.config({ accessKeyId: ACCOUNT }));
const THUMB = '6938fd4d98bab03faadb97b34396831e3780aea1';

test('OIDC providers: create, read, client ids, thumbprints, lookup by issuer, delete', async () => {
  const created = await iam().send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [THUMB] }));
  const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  assert.equal(created.OpenIDConnectProviderArn, arn);
  await assert.rejects(iam().send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com' })), (e: any) => {
    assert.equal(e.name, 'EntityAlreadyExistsException');
    assert.equal(e.message, 'Provider with url https://token.actions.githubusercontent.com already exists.');
    return true;
  });
  await iam().send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'my-app' }));
  await iam().send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
  await iam().send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [THUMB, 'A'.repeat(40)] }));
  const got = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  assert.equal(got.Url, 'token.actions.githubusercontent.com');
  assert.deepEqual(got.ClientIDList, ['my-app']);
  assert.deepEqual(got.ThumbprintList, [THUMB, 'A'.repeat(40)]);
  assert.deepEqual((await iam().send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList, [{ Arn: arn }]);

  const api = (await t.nimbus.instance.api('iam')) as IamApi;
  const byIssuer = api.openIdConnectProvider!(ACCOUNT, 'https://token.actions.githubusercontent.com');
  assert.deepEqual(byIssuer, { account: ACCOUNT, arn, url: 'token.actions.githubusercontent.com', clientIds: ['my-app'], thumbprints: [THUMB, 'A'.repeat(40)] });
  assert.deepEqual(api.openIdConnectProvider!(ACCOUNT, arn), byIssuer);
  assert.equal(api.openIdConnectProvider!('999999999999', 'https://token.actions.githubusercontent.com'), undefined);

  await assert.rejects(iam().send(new CreateOpenIDConnectProviderCommand({ Url: 'http://insecure.example.com' })), (e: any) => e.name === 'InvalidInputException');
  await iam().send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  await assert.rejects(iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), (e: any) => {
    assert.equal(e.name, 'NoSuchEntityException');
    assert.equal(e.message, `OpenIDConnect Provider not found for arn ${arn}`);
    return true;
  });
});
