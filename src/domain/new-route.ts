// Checks a route given as a person typed it (a form or command arguments), error by field.
import { type Phrase, phrase } from '../i18n/phrase.ts';
import { type DesiredState, findRoute } from './desired-state.ts';
import { optionsError, type Route, type RouteOptions, routeNameError } from './route.ts';
import { hostError, parseRouteTarget, portError } from './route-target.ts';

export type RouteField = 'name' | 'host' | 'port' | 'options';

export type NewRouteResult =
  | { ok: true; route: Route }
  | { ok: false; errors: Partial<Record<RouteField, Phrase>> };

export function checkNewRoute(
  state: DesiredState,
  input: { name: string; host: string; port?: string; options: RouteOptions },
): NewRouteResult {
  const errors: Partial<Record<RouteField, Phrase>> = {};
  const name = input.name.trim();
  const nameProblem = routeNameError(name);
  const existing = nameProblem ? undefined : findRoute(state, name);
  if (nameProblem) errors.name = nameProblem;
  else if (existing) errors.name = phrase('invalid.nameTaken', { name: existing.name });

  const portText = input.port?.trim() ? input.port.trim() : undefined;
  const parsed = parseRouteTarget(input.host, portText);
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      if (problem.key.startsWith('invalid.port')) errors.port = problem;
      else errors.host = problem;
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
