import { z } from 'zod';
import { FindingColor, IconColor, IconName, Provider } from '../vocabulary/vocabulary.js';

/** One fact that made a rule fire: the condition and the value it saw. */
export const Because = z.strictObject({
  fact: z.string(),
  operator: z.string(),
  expected: z.unknown(),
  actual: z.unknown(),
});
export type Because = z.infer<typeof Because>;

/** An admin accepted this finding for this member until `expiresAt`. */
export const Acknowledgement = z.strictObject({
  memberId: z.string().min(1),
  ruleId: z.string().min(1),
  reason: z.string().min(1),
  by: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type Acknowledgement = z.infer<typeof Acknowledgement>;

export const Finding = z.strictObject({
  ruleId: z.string(),
  title: z.string(),
  icons: z.array(IconName),
  color: FindingColor,
  message: z.string(),
  fix: z.string(),
  because: z.array(Because),
  acknowledgement: Acknowledgement.optional(),
});
export type Finding = z.infer<typeof Finding>;

export const MemberIcons = z.strictObject({
  microphone: IconColor,
  calendar: IconColor,
  email: IconColor,
});
export type MemberIcons = z.infer<typeof MemberIcons>;

export const MemberReport = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string().optional(),
  icons: MemberIcons,
  findings: z.array(Finding),
});
export type MemberReport = z.infer<typeof MemberReport>;

export const Banner = z.strictObject({
  ruleId: z.string(),
  title: z.string(),
  color: FindingColor,
  count: z.number().int().nonnegative(),
  memberIds: z.array(z.string()),
  message: z.string(),
  fix: z.string(),
});
export type Banner = z.infer<typeof Banner>;

const ColorCounts = z.strictObject({
  off: z.number().int().nonnegative(),
  green: z.number().int().nonnegative(),
  unknown: z.number().int().nonnegative(),
  yellow: z.number().int().nonnegative(),
  red: z.number().int().nonnegative(),
});
export type ColorCounts = z.infer<typeof ColorCounts>;

export const ReportSummary = z.strictObject({
  members: z.number().int().nonnegative(),
  icons: z.strictObject({ microphone: ColorCounts, calendar: ColorCounts, email: ColorCounts }),
  worst: ColorCounts.describe('members counted by the worst colour among their icons'),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

/** Report v1: what the engine concludes from one CaptureSnapshot. */
export const Report = z.strictObject({
  version: z.literal(1),
  companyId: z.string(),
  provider: Provider.nullable(),
  banners: z.array(Banner),
  members: z.array(MemberReport),
  summary: ReportSummary,
});
export type Report = z.infer<typeof Report>;
