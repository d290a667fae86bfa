// The built-in subcommands, in the order help lists them.
import { addRoute } from './add-route.ts';
import { approvals } from './approvals.ts';
import { audit } from './audit.ts';
import { help } from './help.ts';
import { removeRoute } from './remove-route.ts';
import { route } from './route.ts';
import { CommandRouter } from './router.ts';
import { routes } from './routes.ts';
import { setOption } from './set-option.ts';
import { testTls } from './test-tls.ts';
import { useRoute } from './use-route.ts';

export function defaultCommandRouter(): CommandRouter {
  return new CommandRouter().register(
    help,
    addRoute,
    routes,
    route,
    setOption,
    removeRoute,
    useRoute,
    testTls,
    approvals,
    audit,
  );
}
