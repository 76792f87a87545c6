/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { z } from 'zod';
import type { ApiEnv } from '../../api-env/api-env.js';
import type { AppDeps } from '../../app-deps/app-deps.js';
import { htmlPage } from '../html-page/html-page.js';
import { Layout } from '../layout/layout.js';

/**
 * A signed-in screen: the frame with its navigation, the heading, the session's one-time notice
 * (taken), then the screen's own content.
 * @example return signedInScreen(c, deps, { title: 'Reminders', active: 'reminders' }, <ReminderView … />)
 */
export async function signedInScreen(
  c: Context<ApiEnv>,
  deps: AppDeps,
  frame: { title: string; active: string },
  content: JSX.Element,
): Promise<Response> {
  const notice = await takeNotice(c, deps);
  return htmlPage(
    c,
    <Layout
      title={frame.title}
      signedIn
      who={c.get('principal').role}
      active={frame.active}
      csrfToken={c.get('session')?.csrfToken}
    >
      <h1>{frame.title}</h1>
      {notice ? <p class="notice">{notice}</p> : null}
      {content}
    </Layout>,
  );
}

/**
 * Back to a screen with a one-line notice kept in the session: screens show only sentences
 * the service set, never one from the address bar.
 * @example return backTo(c, deps, '/team/connection', screenText('connection-changed', { state }))
 */
export async function backTo(
  c: Context<ApiEnv>,
  deps: AppDeps,
  path: string,
  sentence: string,
): Promise<Response> {
  const session = c.get('session');
  if (session) await deps.store.sessions.setFlash(session.id, sentence);
  return c.redirect(path, 303);
}

/**
 * The session's one-time notice, taken (so a reload does not show it again).
 * @example const notice = await takeNotice(c, deps)
 */
export async function takeNotice(c: Context<ApiEnv>, deps: AppDeps): Promise<string | null> {
  const session = c.get('session');
  return session ? deps.store.sessions.takeFlash(session.id) : null;
}

/**
 * A form's fields as strings (files and repeated fields dropped), each at most `max` long.
 * @example const form = await formFields(c); form.reason
 */
export async function formFields(c: Context<ApiEnv>, max = 2000): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return Object.fromEntries(
    Object.entries(body).flatMap(([name, value]) =>
      typeof value === 'string' ? [[name, value.trim().slice(0, max)]] : [],
    ),
  );
}

/**
 * The first problem zod found in a form, as one line naming the field.
 * @example issueLine(schema.safeParse(form).error) // "reason: Too small: expected string to have >=1 characters"
 */
export function issueLine(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'form'}: ${issue?.message ?? 'invalid'}`;
}
