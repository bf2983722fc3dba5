// tfkey/jobs — the public face of the key jobs: the guard against breaking sign-ins, and plan/apply for many
// changes at once. Kept out of the main entry, so a caller of one operation pays nothing for them.
export { activeKey, checkKeyStatusChange, isUsable, unusableBecause, EXPIRY_WARNING_DAYS, HORIZON_DAYS } from './guard.js';
export type { GuardKey, GuardOptions, GuardVerdict, StatusChange } from './guard.js';
export { keyTimeline, checkKeySet } from './timeline.js';
export type { KeyTimeline, TimelineSegment, TimelineChange, KeySetCheck } from './timeline.js';
export { planKeyStatusChanges } from './plan.js';
export type { ChangeTarget, KeyStatusPlan, PlanItem, PlanOptions } from './plan.js';
export { applyKeyStatusChanges, memoryJournal } from './apply.js';
export type { ApplyOptions, ApplyProgress, ApplyReport, ApplyResult, Journal, JournalEntry, Outcome } from './apply.js';
export { findKeySetsHoldingKid } from './find.js';
export type { FindOptions, KidHolder } from './find.js';
export { checkPlan } from './plan-check.js';
