import type { RouteModule } from '../route';
import type { BaseState } from '../state';
import * as advertiser from './advertiser';
import * as audience from './audience';
import * as auth from './auth';
import * as bc from './bc';
import * as event from './event';
import * as eventSet from './eventSet';
import * as page from './page';
import * as report from './report';
import * as segment from './segment';
import * as subscription from './subscription';

/**
 * Every route module, keyed by the name of its state slice (emu.state.<key>).
 * To add an area: create routes/<area>.ts exporting `routes` (and `createState(seed)` if it keeps state),
 * then add one line here.
 */
export const routeModules = {
	auth,
	advertiser,
	audience,
	subscription,
	bc,
	page,
	eventSet,
	event,
	report,
	segment,
} satisfies Record<string, RouteModule>;

type Modules = typeof routeModules;
type SliceOf<M> = M extends { createState(...args: never[]): infer S } ? S : undefined;

/** emu.state: `core` (app, advertisers, tokens, auth codes, user) plus one typed slice per route module. */
export type EmulatorState = BaseState & { [K in keyof Modules]: SliceOf<Modules[K]> };
