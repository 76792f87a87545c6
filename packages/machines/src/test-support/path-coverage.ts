import { type AdjacencyMap, type AdjacencyValue, getAdjacencyMap } from '@xstate/graph';
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyTransitionDefinition,
  createActor,
  type EventObject,
  initialTransition,
} from 'xstate';

/** One generated path: the events from the start, and the snapshot they end in. */
export interface CoveredPath<TSnap> {
  events: EventObject[];
  end: TSnap;
}

export interface Coverage<TSnap> {
  paths: CoveredPath<TSnap>[];
  taken: Set<AnyTransitionDefinition>;
  visited: Set<string>;
  states: TSnap[];
}

interface Refusing {
  refusalCount: number;
  lastRefusal: { code: string } | null;
}

/**
 * Builds the machine's state graph over the given events (states told apart by `serialize`),
 * finds the shortest path to every state, and turns every edge into a test path: the shortest
 * path to the edge's source, then the edge's event. Edges that repeat an earlier edge's
 * (state, event, next state, refusal) signature are not replayed again. Each replay runs on a
 * real actor, recording which transition definitions fired and which state nodes were
 * entered; `states` holds every vertex of the graph for context checks.
 */
export function coverEdges<TSnap extends AnyMachineSnapshot>(
  machine: AnyStateMachine,
  options: { input: unknown; events: readonly EventObject[]; serialize: (s: TSnap) => string },
): Coverage<TSnap> {
  const serialize = options.serialize;
  const adjacency = getAdjacencyMap(machine, {
    input: options.input,
    events: options.events,
    serializeState: serialize,
  } as never) as AdjacencyMap<TSnap, EventObject>;
  const [initial] = initialTransition(machine, options.input as never);
  const pathTo = shortestPaths(adjacency, serialize(initial as TSnap), serialize);
  const coverage: Coverage<TSnap> = { paths: [], taken: new Set(), visited: new Set(), states: [] };
  const signatures = new Set<string>();
  const vertices = Object.entries(adjacency as Record<string, AdjacencyValue<TSnap, EventObject>>);
  for (const [key, vertex] of vertices) {
    coverage.states.push(vertex.state);
    const prefix = pathTo.get(key);
    if (!prefix) throw new Error(`no path to ${key}`);
    for (const { event, state: next } of Object.values(vertex.transitions)) {
      const signature = edgeSignature(vertex.state, event, next);
      if (signatures.has(signature)) continue;
      signatures.add(signature);
      const events = [...prefix, event];
      coverage.paths.push({ events, end: replay(machine, options.input, events, coverage) });
    }
  }
  return coverage;
}

function shortestPaths<TSnap>(
  adjacency: AdjacencyMap<TSnap, EventObject>,
  start: string,
  serialize: (s: TSnap) => string,
): Map<string, EventObject[]> {
  const pathTo = new Map<string, EventObject[]>([[start, []]]);
  const queue = [start];
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    const prefix = pathTo.get(key) ?? [];
    const vertex = (adjacency as Record<string, AdjacencyValue<TSnap, EventObject>>)[key];
    for (const { event, state } of Object.values(vertex?.transitions ?? {})) {
      const target = serialize(state);
      if (pathTo.has(target)) continue;
      pathTo.set(target, [...prefix, event]);
      queue.push(target);
    }
  }
  return pathTo;
}

function edgeSignature(from: AnyMachineSnapshot, event: EventObject, to: AnyMachineSnapshot) {
  const before = from.context as Refusing;
  const after = to.context as Refusing;
  const refused = after.refusalCount > before.refusalCount ? after.lastRefusal?.code : '';
  return [JSON.stringify(from.value), event.type, JSON.stringify(to.value), refused].join('|');
}

function replay<TSnap>(
  machine: AnyStateMachine,
  input: unknown,
  events: readonly EventObject[],
  coverage: Coverage<TSnap>,
): TSnap {
  const actor = createActor(machine, {
    input,
    inspect: (inspection) => {
      if (inspection.type === '@xstate.microstep') {
        for (const t of inspection._transitions) coverage.taken.add(t);
      }
      if (inspection.type === '@xstate.snapshot') {
        const snapshot = inspection.snapshot as AnyMachineSnapshot;
        for (const node of snapshot._nodes) coverage.visited.add(node.id);
      }
    },
  });
  actor.start();
  for (const event of events) actor.send(event);
  const end = actor.getSnapshot() as TSnap;
  actor.stop();
  return end;
}
