// Checks a route given as a person typed it (a form or command arguments), error by field.
import { type DesiredState, findRoute } from './desired-state.ts';
import { optionsError, type Route, type RouteOptions, routeNameError } from './route.ts';
import { hostError, parseRouteTarget, portError } from './route-target.ts';

export type RouteField = 'name' | 'host' | 'port' | 'options';

export type NewRouteResult =
  | { ok: true; route: Route }
  | { ok: false; errors: Partial<Record<RouteField, string>> };

export function checkNewRoute(
  state: DesiredState,
  input: { name: string; host: string; port?: string; options: RouteOptions },
): NewRouteResult {
  const errors: Partial<Record<RouteField, string>> = {};
  const name = input.name.trim();
  const nameProblem = routeNameError(name);
  const existing = nameProblem ? undefined : findRoute(state, name);
  if (nameProblem) errors.name = nameProblem;
  else if (existing) errors.name = `a route named "${existing.name}" already exists: choose another name`;

  const portText = input.port?.trim() ? input.port.trim() : undefined;
  const parsed = parseRouteTarget(input.host, portText);
  if (!parsed.ok) {
    for (const message of parsed.errors) {
      if (/^port /.test(message)) errors.port = message;
      else errors.host = message;
    }
  } else {
    const hostProblem = hostError(parsed.target.host);
    if (hostProblem) errors.host = hostProblem;
    const portProblem = portError(parsed.target.port);
    if (portProblem) errors.port = portProblem;
  }
  const optionsProblem = optionsError(input.options);
  if (optionsProblem) errors.options = optionsProblem;

  if (Object.keys(errors).length > 0 || !parsed.ok) return { ok: false, errors };
  return {
    ok: true,
    route: { name, host: parsed.target.host, port: parsed.target.port, options: { ...input.options } },
  };
}
