import { describe, expect, it } from 'vitest';
import {
  ConnectionRefusalCode,
  ConsentRefusalCode,
  connectionRefusal,
  consentRefusal,
  refusalSentences,
} from './refusals.js';

describe('refusal sentences', () => {
  it('rules/machines/refusals.json has a sentence for every refusal code', () => {
    const sentences = refusalSentences();
    expect(Object.keys(sentences.connection).sort()).toEqual(
      [...ConnectionRefusalCode.options].sort(),
    );
    expect(Object.keys(sentences.consent).sort()).toEqual([...ConsentRefusalCode.options].sort());
  });

  it('a refusal carries its code, the event it answers and a readable sentence', () => {
    expect(connectionRefusal('crm_not_connected', 'SET_IMPORT')).toEqual({
      code: 'crm_not_connected',
      eventType: 'SET_IMPORT',
      message: expect.stringMatching(/CRM/),
    });
    expect(consentRefusal('notice_not_sent', 'RECORDER_JOINED').message).toMatch(/notice email/);
  });
});
