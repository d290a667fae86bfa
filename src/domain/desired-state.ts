// The routing state as it should be in the Admin console, and the changes that can be proposed to it.
import { list, type Phrase, phrase, raw } from '../i18n/phrase.ts';
import {
  changeOption,
  keywordOf,
  type OptionKey,
  optionsError,
  type Route,
  type RouteOptions,
  routeNameError,
  sameName,
} from './route.ts';
import { hostError, portError } from './route-target.ts';

/** The routing setting of the top-level org unit: outbound mail, "Modify message", change route. */
export interface RoutingSetting {
  route: string;
  /** "Encryption (onward delivery only): require secure transport (TLS)". */
  onwardTls: boolean;
}

export interface DesiredState {
  routes: Route[];
  routing: RoutingSetting | null;
  /** Increases with every applied change; used for compare-and-set in storage. */
  version: number;
}

export const EMPTY_STATE: DesiredState = { routes: [], routing: null, version: 0 };

export type Change =
  | { kind: 'add-route'; route: Route }
  | { kind: 'set-option'; name: string; option: OptionKey; on: boolean }
  | { kind: 'remove-route'; name: string }
  | { kind: 'use-route'; routing: RoutingSetting };

/** One line of a diff: a field of a route or of the routing setting, before and after. */
export interface DiffEntry {
  subject: string;
  field: string;
  before: string | null;
  after: string | null;
}

export type PlanResult =
  | { ok: true; next: DesiredState; diff: DiffEntry[]; affectedRoute: Route | null }
  | { ok: false; errors: Phrase[] };

export function findRoute(state: DesiredState, name: string): Route | undefined {
  return state.routes.find((route) => sameName(route.name, name));
}

const onOff = (value: boolean): string => (value ? 'on' : 'off');

function routeFields(route: Route): Record<string, string> {
  return {
    host: `${route.host}:${route.port}`,
    mx: onOff(route.options.mxLookup),
    tls: onOff(route.options.requireTls),
    ca: onOff(route.options.requireCaSigned),
    hostname: onOff(route.options.validateHostname),
  };
}

function routingFields(routing: RoutingSetting): Record<string, string> {
  return { route: routing.route, 'onward tls': onOff(routing.onwardTls) };
}

function diffFields(
  subject: string,
  before: Record<string, string> | null,
  after: Record<string, string> | null,
): DiffEntry[] {
  const fields = Object.keys(after ?? before ?? {});
  return fields
    .map((field) => ({ subject, field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
    .filter((entry) => entry.before !== entry.after);
}

function validateRoute(route: Route): Phrase[] {
  const errors: Phrase[] = [];
  const name = routeNameError(route.name);
  if (name) errors.push(name);
  const host = hostError(route.host);
  if (host) errors.push(host);
  const port = portError(route.port);
  if (port) errors.push(port);
  const options = optionsError(route.options);
  if (options) errors.push(options);
  return errors;
}

function withRoutes(state: DesiredState, routes: Route[], routing = state.routing): DesiredState {
  return { routes, routing, version: state.version + 1 };
}

/** Validates a change against the current desired state and computes the next state and the diff. */
export function planChange(state: DesiredState, change: Change): PlanResult {
  switch (change.kind) {
    case 'add-route': {
      const errors = validateRoute(change.route);
      const existing = findRoute(state, change.route.name);
      if (existing) {
        errors.push(phrase('invalid.routeExists', { name: existing.name }));
      }
      if (errors.length > 0) return { ok: false, errors };
      const route = { ...change.route, options: { ...change.route.options } };
      return {
        ok: true,
        next: withRoutes(state, [...state.routes, route]),
        diff: diffFields(`route ${route.name}`, null, routeFields(route)),
        affectedRoute: route,
      };
    }
    case 'set-option': {
      const route = findRoute(state, change.name);
      if (!route) return { ok: false, errors: [unknownRoute(state, change.name)] };
      if (route.options[change.option] === change.on) {
        return {
          ok: false,
          errors: [
            phrase(change.on ? 'invalid.alreadyOn' : 'invalid.alreadyOff', {
              option: keywordOf(change.option),
              name: route.name,
            }),
          ],
        };
      }
      const result = changeOption(route.options, change.option, change.on);
      if (!result.ok) return { ok: false, errors: [result.error] };
      const updated: Route = { ...route, options: result.options as RouteOptions };
      return {
        ok: true,
        next: withRoutes(
          state,
          state.routes.map((r) => (r === route ? updated : r)),
        ),
        diff: diffFields(`route ${route.name}`, routeFields(route), routeFields(updated)),
        affectedRoute: updated,
      };
    }
    case 'remove-route': {
      const route = findRoute(state, change.name);
      if (!route) return { ok: false, errors: [unknownRoute(state, change.name)] };
      if (state.routing && sameName(state.routing.route, route.name)) {
        return {
          ok: false,
          errors: [phrase('invalid.routeInUse', { name: route.name })],
        };
      }
      return {
        ok: true,
        next: withRoutes(
          state,
          state.routes.filter((r) => r !== route),
        ),
        diff: diffFields(`route ${route.name}`, routeFields(route), null),
        affectedRoute: null,
      };
    }
    case 'use-route': {
      const route = findRoute(state, change.routing.route);
      if (!route) return { ok: false, errors: [unknownRoute(state, change.routing.route)] };
      const routing: RoutingSetting = { route: route.name, onwardTls: change.routing.onwardTls };
      const before = state.routing ? routingFields(state.routing) : null;
      const diff = diffFields('routing setting', before, routingFields(routing));
      if (diff.length === 0) {
        return {
          ok: false,
          errors: [phrase('invalid.routingUnchanged', { name: route.name })],
        };
      }
      return { ok: true, next: withRoutes(state, state.routes, routing), diff, affectedRoute: route };
    }
  }
}

function unknownRoute(state: DesiredState, name: string): Phrase {
  const known = state.routes.map((r) => raw(r.name));
  return known.length > 0
    ? phrase('invalid.unknownRoute', { name, known: list(known) })
    : phrase('invalid.unknownRouteNone', { name });
}

/** The route a change is about (for use-route: the route the setting points at). */
export function routeOfChange(change: Change): string {
  switch (change.kind) {
    case 'add-route':
      return change.route.name;
    case 'set-option':
    case 'remove-route':
      return change.name;
    case 'use-route':
      return change.routing.route;
  }
}

/** A short one-line description of a change, for lists and audit entries. */
export function describeChange(change: Change): string {
  switch (change.kind) {
    case 'add-route':
      return `add route ${change.route.name} (${change.route.host}:${change.route.port})`;
    case 'set-option':
      return `set ${keywordOf(change.option)} ${onOff(change.on)} on route ${change.name}`;
    case 'remove-route':
      return `remove route ${change.name}`;
    case 'use-route':
      return `route outbound mail through ${change.routing.route}${change.routing.onwardTls ? ' (onward TLS)' : ''}`;
  }
}
