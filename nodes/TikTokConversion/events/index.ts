export * from './types';
export * from './standardEvents';
export { parseEventTime, MAX_EVENT_AGE_SECONDS, MAX_FUTURE_SKEW_SECONDS } from './eventTime';
export { parseValue } from './value';
export { checkCurrency, isIsoCurrency } from './currency';
export { buildTrackEvent } from './buildTrackEvent';
export { buildTrackRequest, checkBatchSize, MAX_BATCH_SIZE } from './buildTrackRequest';
export { contentEventId, findRepeatedEventIds, EVENT_ID_FIELDS, type RepeatedEventId, type SentEventRef } from './eventId';
