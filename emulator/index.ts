export { startEmulator, apiPath, API_PREFIX, type Emulator } from './server';
export type { RecordedRequest } from './record';
export type { Fault } from './faults';
export type { EmulatorState } from './routes';
export { ApiError, RawResponse, type ApiEnvelope } from './envelope';
export type { MultipartBody, MultipartPart } from './multipart';
export { defineRoute, routeFor, type RouteDef, type RouteContext, type RouteModule } from './route';
export {
	assertAdvertiserAccess,
	assertAppCredentials,
	DEFAULT_SCOPE,
	type CoreState,
	type EmulatorOptions,
	type Seed,
	type TokenRecord,
} from './state';
export { ADVERTISER_ROLES, ADVERTISER_STATUSES, type Advertiser } from './seed';
export { idString, pagination, paginate, parseJsonQuery, queryInt, validate } from './validate';
export { startForeignHost, FOREIGN_REQUEST_ID, type ForeignHost, type ForeignRequest } from './foreignHost';
