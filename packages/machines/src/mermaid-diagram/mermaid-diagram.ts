import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/**
 * Every state node of a machine below its root, depth first in definition order.
 * @example stateNodesOf(connectionMachine).map((n) => n.key) // ['noProvider', 'providerChosen', ...]
 */
export function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (node: AnyStateNode): void => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      out.push(child);
      walk(child);
    }
  };
  walk(machine.root);
  return out;
}

/**
 * Every transition a machine defines (root and all states), including the refusals that
 * keep the state as it is.
 * @example transitionsOf(consentMachine).length
 */
export function transitionsOf(machine: AnyStateMachine): AnyTransitionDefinition[] {
  return [machine.root, ...stateNodesOf(machine)].flatMap((node) =>
    [...(node.transitions as Map<string, AnyTransitionDefinition[]>).values()].flat(),
  );
}

/**
 * The refusal code a transition gives, or null when the transition is not a refusal.
 * @example refusalCodeOf(transition) // 'second_tenant'
 */
export function refusalCodeOf(transition: AnyTransitionDefinition): string | null {
  for (const action of transition.actions as unknown[]) {
    if (typeof action !== 'object' || action === null) continue;
    const { type, params } = action as { type?: unknown; params?: { code?: unknown } };
    if (type === 'refuse' && typeof params?.code === 'string') return params.code;
  }
  return null;
}

/**
 * A readable label for a transition: the event, its guard, and the refusal code if any.
 * @example transitionLabel(t) // 'CONNECT_COMPANY_WIDE [notProviderAdmin] refuses not_provider_admin'
 */
export function transitionLabel(transition: AnyTransitionDefinition): string {
  const guard = guardName(transition.guard);
  const code = refusalCodeOf(transition);
  return [transition.eventType, guard ? `[${guard}]` : '', code ? `refuses ${code}` : '']
    .filter(Boolean)
    .join(' ');
}

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard) return String(guard.type);
  return 'guarded';
}

const text = (s: string): string => s.replace(/[:;#]/g, ' -').replace(/\s+/g, ' ').trim();

/** One state of a machine, by its dotted path, with the description from the definition. */
export interface StateDescription {
  state: string;
  description: string;
}

/**
 * Every state of a machine with its description, in definition order, for docs tables.
 * @example describeStates(consentMachine)[0] // { state: 'scheduled', description: 'The meeting is on the calendar...' }
 */
export function describeStates(machine: AnyStateMachine): StateDescription[] {
  return stateNodesOf(machine).map((node) => ({
    state: node.path.join('.'),
    description: node.description ?? '',
  }));
}

export interface DiagramOptions {
  /** List what each state handles without moving (settings, refusals) in notes; default true. */
  notes?: boolean;
}

/**
 * A Mermaid state diagram generated from the machine definition itself, so the docs cannot
 * drift from what runs. Moves between states are arrows; what a state handles without
 * moving (settings it changes, refusals it gives) is listed in a note beside it.
 * @example mermaidDiagram(connectionMachine).startsWith('stateDiagram-v2') // true
 */
export function mermaidDiagram(machine: AnyStateMachine, options: DiagramOptions = {}): string {
  const keys = stateNodesOf(machine).map((n) => n.key);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate)
    throw new Error(`state key "${duplicate}" is used twice; diagram ids must be unique`);
  const notes = options.notes ?? true;
  return ['stateDiagram-v2', ...block(machine.root, '  ', true, notes)].join('\n');
}

function block(node: AnyStateNode, indent: string, isRoot: boolean, notes: boolean): string[] {
  const lines: string[] = [];
  const children = Object.values(node.states) as AnyStateNode[];
  const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${indent}[*] --> ${initial.key}`);
  for (const child of children) {
    if (Object.keys(child.states).length > 0) {
      lines.push(
        `${indent}state ${child.key} {`,
        ...block(child, `${indent}  `, false, notes),
        `${indent}}`,
      );
    }
  }
  for (const child of children) lines.push(...edges(child, indent, notes));
  for (const child of children) {
    if (child.type === 'final') lines.push(`${indent}${child.key} --> [*]`);
  }
  if (isRoot && notes) lines.push(...rootNote(node, indent));
  return lines;
}

function edges(node: AnyStateNode, indent: string, notes: boolean): string[] {
  const lines: string[] = [];
  const stays: string[] = [];
  for (const list of (node.transitions as Map<string, AnyTransitionDefinition[]>).values()) {
    for (const t of list) {
      const target = t.target?.[0] as AnyStateNode | undefined;
      if (target)
        lines.push(`${indent}${node.key} --> ${target.key} : ${text(transitionLabel(t))}`);
      else stays.push(text(transitionLabel(t)));
    }
  }
  if (notes && stays.length > 0) {
    lines.push(
      `${indent}note right of ${node.key}`,
      ...stays.map((s) => `${indent}  ${s}`),
      `${indent}end note`,
    );
  }
  return lines;
}

function rootNote(root: AnyStateNode, indent: string): string[] {
  const any = [...(root.transitions as Map<string, AnyTransitionDefinition[]>).values()]
    .flat()
    .map((t) => text(transitionLabel(t)));
  if (any.length === 0) return [];
  return [
    `${indent}note left of ${(root.initial?.target?.[0] as AnyStateNode | undefined)?.key ?? ''}`,
    `${indent}  in any state unless a state handles it itself`,
    ...any.map((s) => `${indent}  ${s}`),
    `${indent}end note`,
  ];
}
