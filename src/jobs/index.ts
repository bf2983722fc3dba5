// tfkey/jobs — the public face of the key jobs: the guard against breaking sign-ins, and plan/apply for many changes.
export { activeKey, checkKeyStatusChange, isUsable, unusableBecause, EXPIRY_WARNING_DAYS } from './guard.js';
export type { GuardKey, GuardVerdict, StatusChange } from './guard.js';
