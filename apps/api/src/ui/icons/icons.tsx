/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { IconColor, IconName } from '@capture-doctor/domain';
import type { Catalog } from '@capture-doctor/engine';

// Shapes only; every colour and label comes from the catalog.
const paths: Record<IconName, string> = {
  microphone:
    'M12 14a3 3 0 0 0 3-3V5a3 3 0 1 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1A7 7 0 0 0 19 11h-2z',
  calendar:
    'M7 2v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-2V2h-2v2H9V2H7zM5 9h14v11H5V9zm2 2v3h3v-3H7z',
  email:
    'M4 4h16a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm0 3.2V18h16V7.2l-8 5-8-5zM5.5 6l6.5 4.1L18.5 6h-13z',
};

/**
 * A status icon drawn in its catalog colour, with the icon and colour labels for screen readers.
 * @example <StatusIcon icon="email" color="yellow" catalog={catalog} />
 */
export function StatusIcon(props: {
  icon: IconName;
  color: IconColor;
  catalog: Catalog;
  withLabel?: boolean;
}) {
  const colour = props.catalog.colors[props.color];
  const label = `${props.catalog.icons[props.icon].label}: ${colour.label}`;
  return (
    <span
      class={`status status-${props.color}`}
      title={`${label}. ${colour.meaning}`}
      data-icon={props.icon}
      data-color={props.color}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" role="img" aria-label={label}>
        <path d={paths[props.icon]} fill={colour.hex} />
      </svg>
      {props.withLabel ? (
        <span class="status-label" style={`color:${colour.hex}`}>
          {colour.label}
        </span>
      ) : null}
    </span>
  );
}

/**
 * A small pill in a colour of the catalog, e.g. a finding's colour.
 * @example <ColorPill color="red" catalog={catalog} />
 */
export function ColorPill(props: { color: IconColor; catalog: Catalog; text?: string }) {
  const colour = props.catalog.colors[props.color];
  return (
    <span class="pill" style={`background:${colour.hex}`}>
      {props.text ?? colour.label}
    </span>
  );
}
