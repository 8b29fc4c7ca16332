import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPluginHost, isPluginError, PluginError, runTrigger } from '@touchpoint/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sms, { twilioSignature } from '../src/index.ts';
import { readBody, startFakeTwilio, type FakeTwilio } from './fake-twilio.ts';

const account = { accountSid: 'ACde0123456789abcdef0123456789abcd', authToken: 'twilio-auth-token-7f3a' };
const webhookUrl = 'https://touchpoint.example.cn/api/v1/webhooks/t-1/channel-sms/inbound';
const connection = { ...account, from: '+15005550006', webhookUrl };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Twilio's algorithm, written again here from its documentation so the plugin is not checked against itself. */
function sign(authToken: string, url: string, params: Record<string, string>): string {
  let data = url;
  for (const key of Object.keys(params).sort()) data += key + params[key];
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

function incoming(params: Record<string, string>, options: { token?: string; url?: string } = {}) {
  return {
    body: new URLSearchParams(params).toString(),
    headers: { ...FORM, 'X-Twilio-Signature': sign(options.token ?? account.authToken, options.url ?? webhookUrl, params) },
  };
}

const sms1 = (body: string) => ({
  ToCountry: 'US',
  SmsMessageSid: 'SM6f5c1e0e8b2a4d0c9e1f2a3b4c5d6e7f',
  NumMedia: '0',
  From: '+8613800000000',
  To: '+15005550006',
  MessageSid: 'SM6f5c1e0e8b2a4d0c9e1f2a3b4c5d6e7f',
  AccountSid: account.accountSid,
  Body: body,
  NumSegments: '1',
  ApiVersion: '2010-04-01',
});

async function failure(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

describe('Twilio request signatures', () => {
  // The worked example of Twilio's security documentation and of its libraries' own tests
  // (auth token 12345), in both published variants of the caller's number.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const call = (caller: string) => new URLSearchParams({ CallSid: 'CA1234567890ABCDE', Caller: caller, Digits: '1234', From: caller, To: '+18005551212' });

  it('match the documented examples', () => {
    expect(twilioSignature('12345', url, call('+14158675310'))).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    expect(twilioSignature('12345', url, call('+14158675309'))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('sort names, and count a repeated name once per distinct value, sorted', () => {
    const params = new URLSearchParams([['Sid', 'CA123'], ['SidAccount', 'AC123'], ['Digits', '5678'], ['Digits', '1234'], ['Digits', '1234']]);
    // Twilio's libraries' vector for repeated parameters.
    expect(twilioSignature('12345', url, params)).toBe('IK+Dwps556ElfBT0I3Rgjkr1wJU=');
  });

  it('pass the trigger for the documented request (which, being a voice call, is then no SMS)', async () => {
    const body = call('+14158675310').toString();
    const error = await failure(
      runTrigger(sms, 'inbound', { body, headers: { ...FORM, 'x-twilio-signature': 'GvWf1cFY/Q7PnoempGyD5oXAezc=' } }, { connection: { ...connection, authToken: '12345', webhookUrl: url } }),
    );
    expect(error).toMatchObject({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: 'not a Twilio incoming message: MessageSid, Body missing' });
  });
});

describe('channel-sms inbound', () => {
  it('turns a signed message into a customer message that may open a case', async () => {
    const events = await runTrigger(sms, 'inbound', incoming(sms1('我要改签 G1234 明天的票')), { connection });
    expect(events).toEqual([
      {
        name: 'customer.message',
        data: { text: '我要改签 G1234 明天的票', messageSid: 'SM6f5c1e0e8b2a4d0c9e1f2a3b4c5d6e7f', from: '+8613800000000' },
        customerRef: '+8613800000000',
        start: true,
      },
    ]);
  });

  it('adds a survey answer when the whole reply is an integer from 0 to 10', async () => {
    const scores = async (body: string) =>
      (await runTrigger(sms, 'inbound', incoming(sms1(body)), { connection })).filter((event) => event.name === 'survey.answered').map((event) => event.data.score);
    expect(await scores('5')).toEqual([5]);
    expect(await scores(' 4\n')).toEqual([4]);
    expect(await scores('０')).toEqual([0]);
    expect(await scores('１０')).toEqual([10]);
    for (const body of ['11', '5分', '4.5', '-1', '05', 'five', '']) expect(await scores(body)).toEqual([]);

    const both = await runTrigger(sms, 'inbound', incoming(sms1('5')), { connection });
    expect(both).toEqual([
      expect.objectContaining({ name: 'customer.message', data: expect.objectContaining({ text: '5' }), start: true }),
      { name: 'survey.answered', data: { score: 5 }, customerRef: '+8613800000000' },
    ]);
  });

  it('refuses a signature made with another auth token', async () => {
    const error = await failure(runTrigger(sms, 'inbound', incoming(sms1('hi'), { token: 'someone-elses-token' }), { connection }));
    expect(error).toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID', plugin: 'channel-sms', action: 'inbound' });
  });

  it('refuses a tampered body, another URL, and a missing header', async () => {
    const signed = incoming(sms1('hi'));
    const tampered = { ...signed, body: signed.body.replace('Body=hi', 'Body=bye') };
    expect((await failure(runTrigger(sms, 'inbound', tampered, { connection }))).code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
    const otherUrl = incoming(sms1('hi'), { url: 'https://evil.example/hook' });
    expect((await failure(runTrigger(sms, 'inbound', otherUrl, { connection }))).code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
    const unsigned = await failure(runTrigger(sms, 'inbound', { body: signed.body, headers: FORM }, { connection }));
    expect(unsigned).toMatchObject({ code: 'TP_PLUGIN_SIGNATURE_INVALID', detail: 'the request has no X-Twilio-Signature header' });
  });

  it('uses the request URL when no webhookUrl is configured, with or without the default port', async () => {
    const { webhookUrl: _, ...derived } = connection;
    const params = sms1('hello');
    const request = { ...incoming(params, { url: 'https://hooks.example.com:443/sms?tenant=t-1' }), url: 'https://hooks.example.com/sms?tenant=t-1' };
    expect(await runTrigger(sms, 'inbound', request, { connection: derived })).toHaveLength(1);
    const elsewhere = { ...incoming(params, { url: 'https://hooks.example.com/sms?tenant=t-1' }), url: 'https://hooks.example.com/sms?tenant=t-2' };
    expect((await failure(runTrigger(sms, 'inbound', elsewhere, { connection: derived }))).code).toBe('TP_PLUGIN_SIGNATURE_INVALID');
  });

  it('refuses a signed body that is not an incoming message, or not a form', async () => {
    const noSender = await failure(runTrigger(sms, 'inbound', incoming({ MessageSid: 'SM1', Body: 'hi' }), { connection }));
    expect(noSender).toMatchObject({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: 'not a Twilio incoming message: From missing' });
    expect(noSender.message).toBe('TP_PLUGIN_PAYLOAD_INVALID: channel-sms.inbound: not a Twilio incoming message: From missing');
    const json = JSON.stringify({ From: '+8613800000000', Body: 'hi' });
    const notForm = await failure(runTrigger(sms, 'inbound', { body: json, headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' } }, { connection }));
    expect(notForm).toMatchObject({ code: 'TP_PLUGIN_PAYLOAD_INVALID', detail: 'expected an application/x-www-form-urlencoded body, got application/json' });
  });
});

describe('channel-sms inbound over HTTP', () => {
  let twilio: FakeTwilio;
  let receiver: Server;
  let receiverUrl: string;
  const host = createPluginHost({ plugins: [sms], logger: () => undefined });
  let tenantConnection: Record<string, unknown> = {};

  beforeAll(async () => {
    twilio = await startFakeTwilio(account);
    // What the server does with a webhook: the raw body, lowercased headers, the URL it arrived at.
    receiver = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name.toLowerCase(), value]));
        try {
          const events = await host.handleWebhook({
            plugin: 'channel-sms',
            trigger: 'inbound',
            request: { method: req.method ?? 'POST', url: new URL(req.url ?? '/', receiverUrl).href, headers, body },
            connection: tenantConnection,
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(events));
        } catch (error) {
          const status = isPluginError(error, 'TP_PLUGIN_SIGNATURE_INVALID') ? 401 : isPluginError(error, 'TP_PLUGIN_PAYLOAD_INVALID') ? 400 : 500;
          res.writeHead(status).end((error as Error).message);
        }
      })();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/webhooks/t-1/channel-sms/inbound`;
  });
  afterAll(async () => {
    await twilio.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('accepts what a Twilio-signed delivery posts, and refuses it under another token', async () => {
    tenantConnection = { ...account, from: '+15005550006', baseUrl: twilio.baseUrl };
    const delivered = await twilio.deliverInbound(receiverUrl, sms1('3'));
    expect(delivered.status).toBe(200);
    expect(JSON.parse(delivered.body).map((event: { name: string }) => event.name)).toEqual(['customer.message', 'survey.answered']);

    tenantConnection = { ...account, authToken: 'rotated-token', from: '+15005550006' };
    const refused = await twilio.deliverInbound(receiverUrl, sms1('3'));
    expect(refused).toEqual({ status: 401, body: 'TP_PLUGIN_SIGNATURE_INVALID: channel-sms.inbound: the webhook signature does not verify' });
  });
});
