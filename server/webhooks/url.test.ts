import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from './url';

const strict = { allowHttpLoopback: false };
const dev = { allowHttpLoopback: true };

describe('webhook URLs', () => {
  it('accept https addresses', () => {
    expect(webhookUrlProblem('https://crm.example.ru/hooks/comeback?shop=7', strict)).toBeNull();
  });

  it('refuse plain http, other schemes, credentials, fragments and overlong addresses, saying why', () => {
    expect(webhookUrlProblem('http://crm.example.ru/hook', strict)?.ru).toMatch(/https/);
    expect(webhookUrlProblem('ftp://crm.example.ru/hook', strict)?.ru).toMatch(/https:\/\//);
    expect(webhookUrlProblem('https://user:pass@crm.example.ru/hook', strict)?.ru).toMatch(/логин и пароль/);
    expect(webhookUrlProblem('https://crm.example.ru/hook#x', strict)?.ru).toMatch(/#/);
    expect(webhookUrlProblem(`https://crm.example.ru/${'a'.repeat(2100)}`, strict)?.ru).toMatch(/длиннее/);
    expect(webhookUrlProblem('crm.example.ru', strict)?.ru).toMatch(/не адрес/);
  });

  it('allow http only to this machine, and only with the development flag', () => {
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', strict)?.ru).toMatch(/WEBHOOK_ALLOW_HTTP_LOOPBACK/);
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', dev)).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/hook', dev)).toBeNull();
    expect(webhookUrlProblem('http://[::1]:8080/hook', dev)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5/hook', dev)).not.toBeNull();
    expect(webhookUrlProblem('http://crm.example.ru/hook', dev)).not.toBeNull();
  });
});
