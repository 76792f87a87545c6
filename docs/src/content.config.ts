import { defineCollection, z } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import type { Catalog } from '@capture-doctor/engine';
import {
  type CaptureRuleEntry,
  captureCatalogLoader,
  captureRulesLoader,
} from './capture-rules-loader/capture-rules-loader.js';
import {
  type ConsentRuleEntry,
  consentRulesLoader,
  type JurisdictionTable,
  jurisdictionsLoader,
} from './consent-loader/consent-loader.js';
import {
  type MeetingRuleEntry,
  meetingRulesLoader,
} from './meeting-rules-loader/meeting-rules-loader.js';
import { type ApiReference, openApiLoader } from './openapi-document/openapi-document.js';

// The loaders validate what they read (capture rules through the engine's own schema), so these
// schemas only carry the types to the pages.
export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  captureRules: defineCollection({
    loader: captureRulesLoader(),
    schema: z.custom<CaptureRuleEntry>(),
  }),
  captureCatalog: defineCollection({ loader: captureCatalogLoader(), schema: z.custom<Catalog>() }),
  consentRules: defineCollection({
    loader: consentRulesLoader(),
    schema: z.custom<ConsentRuleEntry>(),
  }),
  jurisdictions: defineCollection({
    loader: jurisdictionsLoader(),
    schema: z.custom<JurisdictionTable>(),
  }),
  meetingRules: defineCollection({
    loader: meetingRulesLoader(),
    schema: z.custom<MeetingRuleEntry>(),
  }),
  api: defineCollection({ loader: openApiLoader(), schema: z.custom<ApiReference>() }),
};
