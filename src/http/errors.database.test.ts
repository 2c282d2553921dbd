import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';

/**
 * Text the database refuses that reached it by a door the validator does not watch — found by the
 * hardening probe as a 500 on an upload whose file name holds NUL (the name is stored with the job).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const upload = (filename: string) =>
  `--b\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\nname\r\nAcme\r\n--b--\r\n`;

describe('text the database cannot store', () => {
  it('answers 400 in the caller’s language, not 500, when it arrives in a multipart file name', async () => {
    const session = await t.as('admin');
    const send = (filename: string, language: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/imports/accounts',
        headers: { ...session.headers, 'content-type': 'multipart/form-data; boundary=b', 'accept-language': language },
        payload: upload(filename),
      });
    const refused = await send('acme\u0000.csv', 'en');
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'validation',
      message: 'The request holds text that cannot be stored: a NUL character or an unpaired UTF-16 surrogate',
    });
    expect((await send('acme\u0000.csv', 'zh-CN')).json().error.message).toBe(
      '请求中含有无法保存的文字：空字符（NUL）或不成对的 UTF-16 代理字符',
    );
    expect((await send('acme.csv', 'en')).statusCode).toBe(202);
  });
});
