import { z } from 'zod';
import { CaptureSnapshot } from '../capture-snapshot/capture-snapshot.js';
import { Report } from '../report/report.js';

/**
 * The JSON Schema documents of the public contracts, keyed by the file name they are published as.
 * @example jsonSchemas()['capture-snapshot.v1.schema.json'].title // "CaptureSnapshot v1"
 */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  return {
    'capture-snapshot.v1.schema.json': {
      $id: 'https://capture-doctor.dev/schema/capture-snapshot.v1.schema.json',
      title: 'CaptureSnapshot v1',
      ...z.toJSONSchema(CaptureSnapshot, { io: 'input', unrepresentable: 'any' }),
    },
    'report.v1.schema.json': {
      $id: 'https://capture-doctor.dev/schema/report.v1.schema.json',
      title: 'Report v1',
      ...z.toJSONSchema(Report, { unrepresentable: 'any' }),
    },
  };
}
