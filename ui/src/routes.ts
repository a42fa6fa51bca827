import type { FunctionComponent } from "preact";
import { CachePage } from "./pages/cache.js";
import { CustomersPage } from "./pages/customers.js";
import { KeysPage } from "./pages/keys.js";
import { LogsPage } from "./pages/logs.js";
import { ModelsPage } from "./pages/models.js";
import { OverviewPage } from "./pages/overview.js";
import { TeamsPage } from "./pages/teams.js";
import { UsersPage } from "./pages/users.js";
import { type Session, seesAll } from "./types.js";

export interface PageProps {
  session: Session;
}

export interface Route {
  path: string;
  title: string;
  page: FunctionComponent<PageProps>;
  /** Whether the signed-in caller has this page (the API checks every call again). */
  visible: (s: Session) => boolean;
}

const always = () => true;

/** The dashboard's pages, in navigation order (hash routes: #/keys). */
export const ROUTES: Route[] = [
  { path: "overview", title: "Overview", page: OverviewPage, visible: always },
  { path: "keys", title: "Keys", page: KeysPage, visible: always },
  { path: "teams", title: "Teams", page: TeamsPage, visible: seesAll },
  { path: "users", title: "Users", page: UsersPage, visible: seesAll },
  { path: "customers", title: "Customers", page: CustomersPage, visible: seesAll },
  { path: "models", title: "Models", page: ModelsPage, visible: seesAll },
  { path: "logs", title: "Spend logs", page: LogsPage, visible: always },
  { path: "cache", title: "Cache", page: CachePage, visible: (s) => s.kind === "master" },
];
