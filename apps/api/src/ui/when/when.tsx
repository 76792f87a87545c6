/** @jsxRuntime automatic @jsxImportSource hono/jsx */

/**
 * A moment on a screen: UTC in the page (so it reads right without JavaScript), the page
 * script turns it into the viewer's time zone, and the UTC time stays on hover.
 * @example <When iso="2026-11-30T07:41:00.000Z" />
 */
export function When(props: { iso: string | null | undefined; seconds?: boolean }) {
  if (!props.iso) return <span>—</span>;
  const utc = `${props.iso.replace('T', ' ').slice(0, props.seconds ? 19 : 16)} UTC`;
  return (
    <time datetime={props.iso} title={utc}>
      {utc}
    </time>
  );
}
