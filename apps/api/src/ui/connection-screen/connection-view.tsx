/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { ImportSettings } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';
import type { Child } from 'hono/jsx';
import type { ConnectionView as Connection } from '../../services/connection/connection.js';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { screenText } from '../screen-text/screen-text.js';

const importSettings = [
  ['meetings', 'Import meetings (and record them)'],
  ['calendar', 'Calendar import'],
  ['nonRecordedMeetings', 'Import non-recorded meetings'],
  ['emails', 'Import emails tied to CRM contacts'],
] as const;

/** One change: a card with a form that sends one event to the connection machine. */
function Change(props: {
  title: string;
  type: string;
  csrfToken: string;
  children?: Child;
  button: string;
}) {
  return (
    <section class="card" data-change={props.type}>
      <h3>{props.title}</h3>
      <form class="form-grid" method="post" action="/team/connection">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="type" value={props.type} />
        {props.children}
        <span>
          <button class="btn" type="submit">
            {props.button}
          </button>
        </span>
      </form>
    </section>
  );
}

function ProviderSelect(props: { catalog: Catalog; id: string }) {
  return (
    <label for={props.id}>
      Provider
      <select id={props.id} name="provider">
        <option value="google_workspace">{props.catalog.providers.google_workspace.name}</option>
        <option value="microsoft_365">{props.catalog.providers.microsoft_365.name}</option>
      </select>
    </label>
  );
}

function ScopeFields(props: { id: string }) {
  return (
    <>
      <label for={`${props.id}-scope`}>
        Scope
        <select id={`${props.id}-scope`} name="scope">
          <option value="whole_company">The whole company</option>
          <option value="groups">Only the groups below</option>
        </select>
      </label>
      <label for={`${props.id}-groups`}>
        Groups (comma-separated)
        <input id={`${props.id}-groups`} name="groups" />
      </label>
    </>
  );
}

function AdminBox(props: { id: string }) {
  return (
    <label for={`${props.id}-admin`}>
      I am an admin of the provider
      <input id={`${props.id}-admin`} type="checkbox" name="byProviderAdmin" value="true" />
    </label>
  );
}

function TenantFields(props: { catalog: Catalog; id: string }) {
  return (
    <>
      <ProviderSelect catalog={props.catalog} id={`${props.id}-provider`} />
      <label for={`${props.id}-tenant`}>
        Tenant id
        <input id={`${props.id}-tenant`} name="tenantId" required />
      </label>
      <label for={`${props.id}-domain`}>
        Domain (optional)
        <input id={`${props.id}-domain`} name="domain" />
      </label>
    </>
  );
}

/**
 * The connection settings: where the connection stands, and (for admins) every change the
 * connection machine knows, each a small form; secrets go in and are never shown again.
 * @example <ConnectionSettingsView connection={view} credentials={['client_secret']} catalog={catalog} canAct csrfToken="" />
 */
export function ConnectionSettingsView(props: {
  connection: Connection;
  credentials: string[];
  catalog: Catalog;
  canAct: boolean;
  csrfToken: string;
}) {
  const config = props.connection.configuration;
  const read = ImportSettings.safeParse(config.import);
  const imports: Partial<ImportSettings> = read.success ? read.data : {};
  const token = props.csrfToken;
  return (
    <>
      <p class="sub">{screenText('connection-intro')}</p>
      <section class="card" data-state={props.connection.state}>
        <h3>
          {screenText('connection-state')}: <span class="state">{props.connection.state}</span>
        </h3>
        <table class="cards">
          <tbody>
            {Object.entries(config).map(([name, value]) => (
              <tr>
                <th scope="row">{name}</th>
                <td data-label={name}>
                  <code>{JSON.stringify(value)}</code>
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">credentials</th>
              <td data-label="credentials" class="credentials">
                {props.credentials.join(', ') || '—'}
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      {props.canAct ? (
        <>
          <h2>Imports</h2>
          <div class="summary">
            {importSettings.map(([setting, label]) => (
              <form method="post" action="/team/connection" class="card" data-import={setting}>
                <CsrfField token={token} />
                <input type="hidden" name="type" value="SET_IMPORT" />
                <input type="hidden" name="setting" value={setting} />
                <input type="hidden" name="enabled" value={imports[setting] ? 'false' : 'true'} />
                <b>{label}</b>
                <p class="import-state">{imports[setting] ? 'On' : 'Off'}</p>
                <button class="btn secondary" type="submit">
                  {imports[setting] ? 'Turn off' : 'Turn on'}
                </button>
              </form>
            ))}
          </div>
          <h2>Provider and mode</h2>
          <Change
            title="Choose the provider"
            type="CHOOSE_PROVIDER"
            csrfToken={token}
            button="Choose"
          >
            <ProviderSelect catalog={props.catalog} id="choose-provider" />
          </Change>
          <Change
            title="Connect company-wide"
            type="CONNECT_COMPANY_WIDE"
            csrfToken={token}
            button="Connect"
          >
            <TenantFields catalog={props.catalog} id="cw" />
            <AdminBox id="cw" />
            <ScopeFields id="cw" />
          </Change>
          <Change
            title="Connect user by user"
            type="CONNECT_USER_BY_USER"
            csrfToken={token}
            button="Connect"
          >
            <TenantFields catalog={props.catalog} id="ubu" />
            <label for="ubu-members">
              Members to invite (ids, comma-separated)
              <input id="ubu-members" name="memberIds" />
            </label>
          </Change>
          <Change title="Choose groups" type="SET_SCOPE" csrfToken={token} button="Save scope">
            <ScopeFields id="scope" />
          </Change>
          <Change
            title="Switch to user by user"
            type="SWITCH_TO_USER_BY_USER"
            csrfToken={token}
            button="Switch"
          >
            <label for="switch-members">
              Members to invite (ids, comma-separated)
              <input id="switch-members" name="memberIds" />
            </label>
          </Change>
          <Change
            title="Switch to company-wide"
            type="SWITCH_TO_COMPANY_WIDE"
            csrfToken={token}
            button="Switch"
          >
            <AdminBox id="switch" />
            <ScopeFields id="switch" />
          </Change>
          <h2>CRM</h2>
          <div class="inline">
            <Change
              title="CRM connected"
              type="CRM_CONNECTED"
              csrfToken={token}
              button="Mark the CRM connected"
            />
            <Change
              title="CRM disconnected"
              type="CRM_DISCONNECTED"
              csrfToken={token}
              button="Mark the CRM disconnected"
            />
          </div>
          <h2>Credentials</h2>
          <section class="card" data-change="credentials">
            <p class="sub">{screenText('credential-note')}</p>
            <form class="form-grid" method="post" action="/team/connection/credentials">
              <CsrfField token={token} />
              <label for="credential-kind">
                Kind
                <select id="credential-kind" name="kind">
                  <option value="service_account_key">Service account key</option>
                  <option value="client_secret">Client secret</option>
                  <option value="refresh_token">Refresh token</option>
                </select>
              </label>
              <label for="credential-secret">
                Secret
                <input
                  id="credential-secret"
                  name="secret"
                  type="password"
                  autocomplete="off"
                  required
                />
              </label>
              <span>
                <button class="btn" type="submit">
                  Store
                </button>
              </span>
            </form>
          </section>
          <h2>Disconnect</h2>
          <Change
            title="Disconnect the provider"
            type="DISCONNECT"
            csrfToken={token}
            button="Disconnect"
          />
        </>
      ) : null}
    </>
  );
}
