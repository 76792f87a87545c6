import { describe, expect, it } from 'vitest';
import { apiReference, openApiFile } from './openapi-document.js';

const document = {
  openapi: '3.1.0',
  info: { title: 'capture-doctor API', version: '1.0.0' },
  paths: {
    '/v1/reports': {
      post: {
        tags: ['reports'],
        summary: 'Evaluate a snapshot',
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Snapshot' } } },
        },
        responses: {
          '200': {
            description: 'the report',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Report' } } },
          },
          '400': { description: 'bad input' },
        },
      },
      parameters: [],
    },
    '/health': { get: { summary: 'Liveness', responses: { '200': { description: 'ok' } } } },
  },
};

describe('apiReference', () => {
  it('lists exactly the operations the document has, grouped by first tag', () => {
    const reference = apiReference(document, 'openapi.json');
    expect(reference.operations.map((op) => [op.tag, op.method, op.path])).toEqual([
      ['other', 'GET', '/health'],
      ['reports', 'POST', '/v1/reports'],
    ]);
    expect(reference.operations[1]).toMatchObject({
      requestBody: 'application/json (Snapshot)',
      responses: [
        { status: '200', description: 'the report', body: 'application/json (Report)' },
        { status: '400', description: 'bad input' },
      ],
    });
  });

  it('keeps the tag order the document declares', () => {
    const reference = apiReference(
      { ...document, tags: [{ name: 'reports' }, { name: 'other' }] },
      'openapi.json',
    );
    expect(reference.operations.map((op) => op.tag)).toEqual(['reports', 'other']);
  });

  it('refuses a document without its OpenAPI version, naming the file', () => {
    expect(() => apiReference({ info: {}, paths: {} }, 'exported.json')).toThrow(/exported.json/);
  });
});

describe('openApiFile', () => {
  it('reads CAPTURE_DOCTOR_OPENAPI relative to docs/', () => {
    expect(openApiFile('/repo/docs', { CAPTURE_DOCTOR_OPENAPI: 'api/openapi.json' })).toBe(
      '/repo/docs/api/openapi.json',
    );
  });

  it('defaults to the API package’s exported document', () => {
    expect(openApiFile('/repo/docs', {})).toBe('/repo/apps/api/dist/openapi.json');
  });
});
