import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutboxEmail, Store } from '@capture-doctor/store';
import nodemailer from 'nodemailer';

/** SMTP settings; with none, reminder emails stay in the outbox. */
export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
}

/**
 * A local mail drop: each email is written as an RFC 822 `.eml` file into `dir` instead of being
 * handed to SMTP, so a demo without a mail server still delivers its notices somewhere readable.
 */
export interface MailDrop {
  dir: string;
  from: string;
}

/** The sender's address of a mail drop when CAPTURE_DOCTOR_MAIL_FROM is not set. */
export const DEFAULT_FROM = 'capture-doctor <no-reply@capture-doctor.invalid>';

/** Sends the outbox through SMTP (or into a mail drop). */
export interface Mailer {
  /** sends every pending email that is due; a failure is recorded on the email, never thrown */
  flush(store: Pick<Store, 'outbox'>): Promise<{ sent: number; failed: number }>;
  close(): void;
}

/**
 * Reads SMTP settings from the environment (CAPTURE_DOCTOR_SMTP_URL, CAPTURE_DOCTOR_MAIL_FROM).
 * @example smtpConfigFromEnv({ CAPTURE_DOCTOR_SMTP_URL: 'smtp://127.0.0.1:2525' })?.port // 2525
 */
export function smtpConfigFromEnv(env: NodeJS.ProcessEnv): SmtpConfig | null {
  const raw = env.CAPTURE_DOCTOR_SMTP_URL;
  if (!raw) return null;
  const url = new URL(raw);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error('CAPTURE_DOCTOR_SMTP_URL: expected smtp://host:port or smtps://host:port');
  }
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    from: env.CAPTURE_DOCTOR_MAIL_FROM ?? DEFAULT_FROM,
  };
}

/** What the mailer does beyond sending. */
export interface MailerOptions {
  /** called once for each email after it is marked sent (e.g. to record a notice as evidence) */
  onSent?: (email: OutboxEmail) => Promise<void>;
}

/**
 * Creates a nodemailer SMTP mailer. Each email is claimed in the store before it is sent and
 * marked sent right after, so neither a second sender nor a restart sends it again; its
 * Message-ID is derived from the outbox id, so the one email a crash between the SMTP answer
 * and the mark could send twice reaches the recipient as the same message.
 * @example await createMailer({ host: '127.0.0.1', port: 2525, secure: false, from: 'a@b.c' }).flush(store)
 */
export function createMailer(config: SmtpConfig | MailDrop, options: MailerOptions = {}): Mailer {
  const transport = 'dir' in config ? dropTransport(config) : smtpTransport(config);
  let running: Promise<{ sent: number; failed: number }> | null = null;
  const sendAll = async (store: Pick<Store, 'outbox'>) => {
    let sent = 0;
    let failed = 0;
    for (const email of await store.outbox.pending({ limit: 100 })) {
      if (!(await store.outbox.claim(email.id))) continue;
      try {
        await transport.send(email.id, message(config.from, email));
      } catch (error) {
        await store.outbox.markFailed(
          email.id,
          error instanceof Error ? error.message : 'send failed',
        );
        failed += 1;
        continue;
      }
      const marked = await store.outbox.markSent(email.id);
      sent += 1;
      await options.onSent?.(marked);
    }
    return { sent, failed };
  };
  return {
    // One flush at a time, so two requests never send the same email twice.
    async flush(store) {
      while (running) await running.catch(() => undefined);
      running = sendAll(store);
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    close: () => transport.close(),
  };
}

function message(from: string, email: OutboxEmail) {
  return {
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    messageId: `<${email.id}@outbox.capture-doctor.invalid>`,
    headers: { 'X-Capture-Doctor-Outbox-Id': email.id },
  };
}

type Message = ReturnType<typeof message>;

function smtpTransport(config: SmtpConfig) {
  const smtp = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    // A local relay without TLS is allowed; a certificate is still checked when TLS is used.
    ignoreTLS: !config.secure && config.host === '127.0.0.1',
  });
  return {
    send: async (_id: string, mail: Message) => {
      await smtp.sendMail(mail);
    },
    close: () => smtp.close(),
  };
}

function dropTransport(drop: MailDrop) {
  const stream = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  return {
    send: async (id: string, mail: Message) => {
      const built = await stream.sendMail(mail);
      await mkdir(drop.dir, { recursive: true, mode: 0o700 });
      // Named after the outbox id: a resend after a crash overwrites the same file.
      await writeFile(join(drop.dir, `${id}.eml`), built.message, { mode: 0o600 });
    },
    close: () => stream.close(),
  };
}
