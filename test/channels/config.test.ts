import { describe, expect, it } from 'vitest';
import { createChannels, describeChannels, loadChannelConfig } from '../../server/channels';

describe('channel configuration', () => {
  it('sends everything to the sandbox when no provider is configured', () => {
    const channels = createChannels(loadChannelConfig({}));
    expect(describeChannels(channels)).toBe('email: sandbox, telegram: sandbox, sms: sandbox, push: sandbox');
  });

  it('uses each provider whose variables are set, and the sandbox for the rest', () => {
    const channels = createChannels(
      loadChannelConfig({
        SMTP_URL: 'smtp://shop:secret@mail.example.ru:587',
        SMTP_FROM: 'Кофейня <hello@zerno.example>',
        SMS_API_URL: 'https://sms.example.ru',
        SMS_API_ID: 'key',
        PUSH_WEBHOOK_URL: '',
      }),
    );
    expect(describeChannels(channels)).toBe('email: smtp, telegram: sandbox, sms: sms-http, push: sandbox');
  });

  it('refuses half a configuration instead of silently keeping the sandbox', () => {
    expect(() => loadChannelConfig({ SMTP_URL: 'smtp://mail.example.ru' })).toThrow(/email \(SMTP\): set SMTP_FROM as well/);
    expect(() => loadChannelConfig({ SMS_API_ID: 'key' })).toThrow(/SMS: set SMS_API_URL as well/);
  });

  it('names the variable that is malformed', () => {
    expect(() => loadChannelConfig({ SMS_PRICE_PER_SEGMENT: 'дорого' })).toThrow(/SMS_PRICE_PER_SEGMENT/);
    expect(() => loadChannelConfig({ PUSH_WEBHOOK_URL: 'not a url' })).toThrow(/PUSH_WEBHOOK_URL/);
  });
});
