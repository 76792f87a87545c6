/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { ImportSettings } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';
import type { Child } from 'hono/jsx';
import type { ConnectionView as Connection } from '../../services/connection/connection.js';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { screenText } from '../screen-text/screen-text.js';

const importSettings = [
  ['meetings', 'connection-import-meetings'],
  ['calendar', 'connection-import-calendar'],
  ['nonRecordedMeetings', 'connection-import-non-recorded'],
  ['emails', 'connection-import-emails'],
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
      {screenText('connection-provider')}
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
        {screenText('connection-scope')}
        <select id={`${props.id}-scope`} name="scope">
          <option value="whole_company">{screenText('connection-scope-whole-company')}</option>
          <option value="groups">{screenText('connection-scope-groups')}</option>
        </select>
      </label>
      <label for={`${props.id}-groups`}>
        {screenText('connection-groups')}
        <input id={`${props.id}-groups`} name="groups" />
      </label>
    </>
  );
}

function AdminBox(props: { id: string }) {
  return (
    <label for={`${props.id}-admin`}>
      {screenText('connection-admin')}
      <input id={`${props.id}-admin`} type="checkbox" name="byProviderAdmin" value="true" />
    </label>
  );
}

function TenantFields(props: { catalog: Catalog; id: string }) {
  return (
    <>
      <ProviderSelect catalog={props.catalog} id={`${props.id}-provider`} />
      <label for={`${props.id}-tenant`}>
        {screenText('connection-tenant-id')}
        <input id={`${props.id}-tenant`} name="tenantId" required />
      </label>
      <label for={`${props.id}-domain`}>
        {screenText('connection-domain')}
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
              <th scope="row">{screenText('connection-credentials-row')}</th>
              <td data-label={screenText('connection-credentials-row')} class="credentials">
                {props.credentials.join(', ') || '—'}
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      {props.canAct ? (
        <>
          <h2>{screenText('connection-imports')}</h2>
          <div class="summary">
            {importSettings.map(([setting, labelId]) => (
              <form method="post" action="/team/connection" class="card" data-import={setting}>
                <CsrfField token={token} />
                <input type="hidden" name="type" value="SET_IMPORT" />
                <input type="hidden" name="setting" value={setting} />
                <input type="hidden" name="enabled" value={imports[setting] ? 'false' : 'true'} />
                <b>{screenText(labelId)}</b>
                <p class="import-state">
                  {screenText(imports[setting] ? 'connection-import-on' : 'connection-import-off')}
                </p>
                <button class="btn secondary" type="submit">
                  {screenText(
                    imports[setting] ? 'connection-import-turn-off' : 'connection-import-turn-on',
                  )}
                </button>
              </form>
            ))}
          </div>
          <h2>{screenText('connection-provider-and-mode')}</h2>
          <Change
            title={screenText('connection-choose-provider')}
            type="CHOOSE_PROVIDER"
            csrfToken={token}
            button={screenText('connection-choose')}
          >
            <ProviderSelect catalog={props.catalog} id="choose-provider" />
          </Change>
          <Change
            title={screenText('connection-connect-company-wide')}
            type="CONNECT_COMPANY_WIDE"
            csrfToken={token}
            button={screenText('connection-connect')}
          >
            <TenantFields catalog={props.catalog} id="cw" />
            <AdminBox id="cw" />
            <ScopeFields id="cw" />
          </Change>
          <Change
            title={screenText('connection-connect-user-by-user')}
            type="CONNECT_USER_BY_USER"
            csrfToken={token}
            button={screenText('connection-connect')}
          >
            <TenantFields catalog={props.catalog} id="ubu" />
            <label for="ubu-members">
              {screenText('connection-members-to-invite')}
              <input id="ubu-members" name="memberIds" />
            </label>
          </Change>
          <Change
            title={screenText('connection-choose-groups')}
            type="SET_SCOPE"
            csrfToken={token}
            button={screenText('connection-save-scope')}
          >
            <ScopeFields id="scope" />
          </Change>
          <Change
            title={screenText('connection-switch-to-user-by-user')}
            type="SWITCH_TO_USER_BY_USER"
            csrfToken={token}
            button={screenText('connection-switch')}
          >
            <label for="switch-members">
              {screenText('connection-members-to-invite')}
              <input id="switch-members" name="memberIds" />
            </label>
          </Change>
          <Change
            title={screenText('connection-switch-to-company-wide')}
            type="SWITCH_TO_COMPANY_WIDE"
            csrfToken={token}
            button={screenText('connection-switch')}
          >
            <AdminBox id="switch" />
            <ScopeFields id="switch" />
          </Change>
          <h2>{screenText('connection-crm')}</h2>
          <div class="inline">
            <Change
              title={screenText('connection-crm-connected')}
              type="CRM_CONNECTED"
              csrfToken={token}
              button={screenText('connection-mark-crm-connected')}
            />
            <Change
              title={screenText('connection-crm-disconnected')}
              type="CRM_DISCONNECTED"
              csrfToken={token}
              button={screenText('connection-mark-crm-disconnected')}
            />
          </div>
          <h2>{screenText('connection-credentials')}</h2>
          <section class="card" data-change="credentials">
            <p class="sub">{screenText('credential-note')}</p>
            <form class="form-grid" method="post" action="/team/connection/credentials">
              <CsrfField token={token} />
              <label for="credential-kind">
                {screenText('connection-credential-kind')}
                <select id="credential-kind" name="kind">
                  <option value="service_account_key">
                    {screenText('connection-credential-service-account-key')}
                  </option>
                  <option value="client_secret">
                    {screenText('connection-credential-client-secret')}
                  </option>
                  <option value="refresh_token">
                    {screenText('connection-credential-refresh-token')}
                  </option>
                </select>
              </label>
              <label for="credential-secret">
                {screenText('connection-credential-secret')}
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
                  {screenText('connection-credential-store')}
                </button>
              </span>
            </form>
          </section>
          <h2>{screenText('connection-disconnect')}</h2>
          <Change
            title={screenText('connection-disconnect-provider')}
            type="DISCONNECT"
            csrfToken={token}
            button={screenText('connection-disconnect')}
          />
        </>
      ) : null}
    </>
  );
}
