/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { consentText } from '../consent-text/consent-text.js';
import { CsrfField } from '../csrf-field/csrf-field.js';
import { screenText } from '../screen-text/screen-text.js';

const css = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1d2330;background:#f4f5f7}
a{color:#2257b8}
.topbar{background:#1d2330;color:#fff;display:flex;align-items:center;flex-wrap:wrap;gap:8px 20px;padding:12px 28px}
.topbar .brand{font-weight:700;font-size:17px;color:#fff;text-decoration:none;display:flex;gap:8px;align-items:center}
.topbar nav{display:flex;flex-wrap:wrap;gap:4px 16px;flex:1}
.topbar nav a{color:#cdd6e4;text-decoration:none;font-size:14px}
.topbar nav a.active,.topbar nav a:hover{color:#fff}
.topbar form{margin:0}
.topbar .who{font-size:13px;color:#aab4c3}
.btn{display:inline-block;background:#2257b8;color:#fff;border:0;border-radius:6px;padding:7px 14px;font:inherit;font-size:14px;cursor:pointer;text-decoration:none}
.btn.secondary{background:#fff;color:#1d2330;border:1px solid #c8ced8}
.btn.ghost{background:transparent;color:#cdd6e4;border:1px solid #4a5568;padding:4px 10px;font-size:13px}
.page{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:24px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 10px}
.sub{color:#5b6576;margin:0 0 18px}
.subbar{display:flex;gap:12px;align-items:center;color:#5b6576;margin:0 0 18px} .subbar form{margin:0}
.summary{display:flex;gap:10px;flex-wrap:wrap;margin:0 0 18px}
.summary .count{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:8px 14px;min-width:120px}
.summary .count b{display:block;font-size:22px}
.banner{background:#fff;border:1px solid #dde1e7;border-left:6px solid;border-radius:8px;padding:12px 16px;margin:0 0 10px}
.banner h3{margin:0 0 2px;font-size:15px}
.banner p{margin:2px 0}
.banner .fix{color:#2c3442}
.banner .actions{margin-top:8px;display:flex;gap:10px;align-items:center}
.filters{display:flex;gap:10px;align-items:end;flex-wrap:wrap;background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:12px 16px;margin:18px 0 12px}
.filters label{display:flex;flex-direction:column;font-size:13px;color:#5b6576;gap:4px}
.filters input,.filters select{font:inherit;padding:6px 8px;border:1px solid #c8ced8;border-radius:6px;min-width:220px}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #dde1e7;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:10px 12px;border-bottom:1px solid #edf0f3;vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5b6576;background:#fafbfc}
td.icons{white-space:nowrap}
.status{display:inline-flex;align-items:center;gap:4px;margin-right:6px}
.status-label{font-size:13px;font-weight:600}
.member-name{font-weight:600} .member-email{color:#5b6576;font-size:13px}
.findings{margin:0;padding:0;list-style:none;font-size:14px}
.findings li{margin:0 0 2px}
.pill{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;margin-right:6px}
.empty{background:#fff;border:1px dashed #c8ced8;border-radius:8px;padding:24px;text-align:center;color:#5b6576}
.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:16px 18px;margin:0 0 14px}
.card h3{margin:0 0 6px;font-size:16px}
.because{font-size:13px;margin-top:8px} .because td,.because th{padding:4px 8px} .because code{overflow-wrap:anywhere} .because td:first-child code{white-space:nowrap;overflow-wrap:normal}
.iconrow{display:flex;gap:24px;flex-wrap:wrap;margin:8px 0 16px}
.iconrow .item{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:10px 14px;min-width:220px}
.iconrow .item b{display:block;margin-bottom:2px} .iconrow .item small{display:block;color:#5b6576}
.signin{max-width:420px;margin:80px auto;background:#fff;border:1px solid #dde1e7;border-radius:10px;padding:28px}
.signin input{width:100%;font:inherit;padding:8px 10px;border:1px solid #c8ced8;border-radius:6px;margin:6px 0 14px}
.error{background:#fdecec;border:1px solid #f3b9b9;color:#8a1f1f;border-radius:6px;padding:8px 12px;margin:0 0 12px}
.notice{background:#eaf3ff;border:1px solid #bcd5f7;border-radius:6px;padding:8px 12px;margin:0 0 12px}
pre.raw{background:#f4f5f7;padding:10px;border-radius:6px;overflow:auto;font-size:13px}
.scroll{overflow-x:auto;max-width:100%}
.pager{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:12px 0}
.form-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px;align-items:end}
.form-grid label,.stack label{display:flex;flex-direction:column;font-size:13px;color:#3c4556;gap:4px}
.form-grid input,.form-grid select,.stack input,.stack select,.stack textarea{font:inherit;padding:6px 8px;border:1px solid #8a93a3;border-radius:6px;width:100%}
.stack{display:flex;flex-direction:column;gap:8px;max-width:560px}
.inline{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
pre.email{white-space:pre-wrap;background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:12px;font-size:13px}
@media (max-width:640px){
.topbar{padding:10px 12px}
.page{padding:16px 12px 40px}
.subbar{flex-wrap:wrap}
.filters label{flex:1 1 100%}
.filters input,.filters select{min-width:0;width:100%}
.summary .count{min-width:0;flex:1 1 40%}
table.cards thead{display:none}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
table.cards tr{border-bottom:1px solid #dde1e7;padding:6px 0}
table.cards td{border:0;padding:4px 12px}
table.cards td[data-label]::before{content:attr(data-label);display:block;font-size:12px;color:#5b6576;text-transform:uppercase;letter-spacing:.04em}
.iconrow .item{min-width:0;flex:1 1 100%}
}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:13px;color:#5b6576;margin:8px 0 0}
.subnav{display:flex;gap:16px;flex-wrap:wrap;margin:0 0 16px}
.scroll{overflow-x:auto}
.form{display:flex;flex-direction:column;gap:6px;max-width:560px;background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:16px 18px;margin:0 0 16px}
.form.inline{flex-direction:row;flex-wrap:wrap;align-items:center;max-width:none}
.form input,.form select,.form textarea{font:inherit;padding:6px 8px;border:1px solid #767f8c;border-radius:6px;max-width:100%}
.form fieldset{border:1px solid #dde1e7;border-radius:6px;display:flex;flex-direction:column;gap:6px;min-width:0}
.form .check{display:flex;gap:6px;align-items:baseline}
.form .btn{align-self:flex-start;margin-top:6px}
.consent-findings{list-style:none;margin:0 0 16px;padding:0}
.consent-findings li{background:#fff;border:1px solid #dde1e7;border-left:6px solid;border-radius:8px;padding:10px 14px;margin:0 0 8px}
.consent-findings p{margin:4px 0}
@media (max-width:640px){.topbar{flex-wrap:wrap;gap:10px;padding:10px 14px}.topbar nav{flex-wrap:wrap;gap:10px}.page{padding:16px 14px 40px}th,td{padding:8px}}
`;

const logo = (
  <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
    <circle cx="12" cy="12" r="10" fill="#2f6fd6" />
    <path d="M7 12.5l3 3 7-7" stroke="#fff" stroke-width="2.4" fill="none" />
  </svg>
);

/** The screens in the navigation: which `active` marks each, its path and its label. */
const screens = [
  ['team', '/team', 'nav-team'],
  ['connection', '/team/connection', 'nav-connection'],
  ['acknowledgements', '/team/acknowledgements', 'nav-acknowledgements'],
  ['reminders', '/team/reminders', 'nav-reminders'],
  ['changes', '/team/changes', 'nav-changes'],
  ['meetings', '/meetings', 'nav-meetings'],
] as const;

/**
 * The page frame: top bar with navigation and sign-out, then the content.
 * @example <Layout title="Team members" signedIn={true}>…</Layout>
 */
export function Layout(props: {
  title: string;
  children: Child;
  signedIn: boolean;
  who?: string;
  active?: string;
  /** the session's CSRF token, for the sign-out form */
  csrfToken?: string;
  /** the signed-in role: compliance officers and admins also see the Consent section */
  role?: string;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · capture-doctor`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <style>{css}</style>
        {props.signedIn ? <script src="/assets/page.js" defer /> : null}
      </head>
      <body>
        <header class="topbar">
          <a class="brand" href="/team">
            {logo} {screenText('brand')}
          </a>
          <nav>
            {props.signedIn
              ? screens.map(([active, href, text]) => (
                  <a
                    href={href}
                    class={props.active === active ? 'active' : ''}
                    aria-current={props.active === active ? 'page' : undefined}
                  >
                    {screenText(text)}
                  </a>
                ))
              : null}
            {props.role === 'compliance' || props.role === 'admin' ? (
              <a href="/compliance/consent" class={props.active === 'consent' ? 'active' : ''}>
                {consentText('nav')}
              </a>
            ) : null}
            <a href="/docs/">{screenText('nav-docs')}</a>
            <a href="/reference">{screenText('nav-reference')}</a>
          </nav>
          {props.signedIn ? (
            <form method="post" action="/sign-out">
              <CsrfField token={props.csrfToken} />
              <span class="who">{props.who}</span>{' '}
              <button class="btn ghost" type="submit">
                {screenText('sign-out')}
              </button>
            </form>
          ) : null}
        </header>
        <main class="page">{props.children}</main>
      </body>
    </html>
  );
}
